using Circumplex.Affect;
using Circumplex.Models;
using Circumplex.Tests;
using Circumplex.Training.Data;
using Circumplex.Training.Evaluation;
using Circumplex.Training.Trainer;
using OpenCvSharp;
using Xunit;

namespace Circumplex.Tests.Training.Evaluation;

/// <summary>Choosing the weight of the head's blurred reading on validation faces, and the blur of the real FER2013 copy.</summary>
[Collection(Circumplex.Training.Tests.TorchCollection.Name)]
public class HeadBlurChoiceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("circumplex-headblur-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>Coloured discs: with (v, a) in a labels CSV, or class folders without.</summary>
    private FaceDataset Faces(int count, bool withAffect)
    {
        var lines = new List<string> { "path,valence,arousal,expression" };
        var rng = new Random(withAffect ? 7 : 8);
        for (int i = 0; i < count; i++)
        {
            using var img = new Mat(64, 64, MatType.CV_8UC3, new Scalar(rng.Next(256), rng.Next(256), rng.Next(256)));
            Cv2.Circle(img, new Point(rng.Next(16, 48), rng.Next(16, 48)), rng.Next(4, 14), new Scalar(rng.Next(256), rng.Next(256), rng.Next(256)), -1);
            string name = withAffect ? $"{i}.png" : Path.Combine("classes", Expressions.Name((Expression)(i % 7)), $"{i}.png");
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(_dir, name))!);
            Cv2.ImWrite(Path.Combine(_dir, name), img);
            lines.Add($"{i}.png,0.1,-0.2,{i % 8}");
        }
        if (!withAffect) return DatasetOpener.Open(Path.Combine(_dir, "classes"));
        File.WriteAllLines(Path.Combine(_dir, "faces.csv"), lines);
        return DatasetOpener.Open(Path.Combine(_dir, "faces.csv"));
    }

    private static readonly SharpnessMatch Match = new("sharp", 0.04, "blurry", 0.01, 4.0, 64);

    [Fact]
    public void Each_weight_is_scored_on_the_faces_with_valence_and_arousal_and_the_best_cheapest_one_is_chosen()
    {
        using var network = AffectNetworkFactory.Create(Architecture.ResNet18, Design.OneByTwo, 64, extraOutputs: 8);
        using var sharp = Faces(24, withAffect: true);
        using var categorical = Faces(10, withAffect: false);
        var validation = new TrainingSet(sharp, categorical);
        var meta = ModelMetadata.For(network);

        var result = HeadBlurChoice.Choose(network, meta, validation, Match);

        Assert.NotNull(result);
        Assert.Equal(24, result.Count); // the categorical faces are not scored
        Assert.Equal(HeadBlurChoice.Weights, result.Scores.Select(s => s.Weight));
        foreach (var (weight, accuracy) in result.Scores)
        {
            var readings = ModelReader.Read(network, meta with { HeadBlur = Match.Fraction, HeadBlurWeight = weight }, new TrainingSet(sharp), detect: false);
            double expected = readings.Count(r => (int)r.TrueExpression!.Value == Array.IndexOf(r.Logits, r.Logits.Max())) / 24.0;
            Assert.Equal(expected, accuracy, 12);
        }
        double best = result.Scores.Max(s => s.Accuracy);
        Assert.Equal(result.Scores.First(s => s.Accuracy == best).Weight, result.ChosenWeight);
    }

    [Fact]
    public void A_grey_reading_reads_each_face_as_its_grey_copy()
    {
        using var network = AffectNetworkFactory.Create(Architecture.ResNet18, Design.OneByTwo, 64, extraOutputs: 8);
        var meta = ModelMetadata.For(network);
        using var colour = Faces(6, withAffect: true);
        var plain = ModelReader.Read(network, meta, new TrainingSet(colour), detect: false);
        var grey = ModelReader.Read(network, meta, new TrainingSet(colour), detect: false, greyscale: true);
        // The same faces saved grey by OpenCV (BT.601 luma, rounded to 8 bits) read as the grey reading does.
        foreach (var file in Directory.GetFiles(_dir, "*.png"))
        {
            using var img = Cv2.ImRead(file);
            using var luma = img.CvtColor(ColorConversionCodes.BGR2GRAY).CvtColor(ColorConversionCodes.GRAY2BGR);
            Cv2.ImWrite(file, luma);
        }
        using var savedGrey = DatasetOpener.Open(Path.Combine(_dir, "faces.csv"));
        var fromFiles = ModelReader.Read(network, meta, new TrainingSet(savedGrey), detect: false);
        for (int i = 0; i < plain.Count; i++)
        {
            Assert.Equal(fromFiles[i].Regression!.Value.Valence, grey[i].Regression!.Value.Valence, 0.02);
            Assert.Equal(fromFiles[i].Regression!.Value.Arousal, grey[i].Regression!.Value.Arousal, 0.02);
        }
        Assert.Contains(Enumerable.Range(0, plain.Count), i => Math.Abs(plain[i].Regression!.Value.Valence - grey[i].Regression!.Value.Valence) > 1e-4
            || Math.Abs(plain[i].Regression!.Value.Arousal - grey[i].Regression!.Value.Arousal) > 1e-4);
        Assert.Throws<ArgumentException>(() => ModelReader.Read(network, meta, new TrainingSet(colour), detect: true, greyscale: true));
    }

    [Fact]
    public void Without_a_blurry_set_or_a_head_nothing_is_chosen()
    {
        using var sharp = Faces(8, withAffect: true);
        using var withHead = AffectNetworkFactory.Create(Architecture.ResNet18, Design.OneByTwo, 64, extraOutputs: 8);
        Assert.Null(HeadBlurChoice.Choose(withHead, ModelMetadata.For(withHead), new TrainingSet(sharp), match: null));
        using var headless = AffectNetworkFactory.Create(Architecture.ResNet18, Design.OneByTwo, 64);
        Assert.Null(HeadBlurChoice.Choose(headless, ModelMetadata.For(headless), new TrainingSet(sharp), Match));
    }

    [Fact]
    public void The_shared_fer2013_train_copy_is_found_much_blurrier_than_affectnet()
    {
        using var affectNet = DatasetOpener.Open(SharedData.Require("faces/affectnet_val_subset/labels_train.csv"));
        using var fer = DatasetOpener.Open(SharedData.Require("faces/fer2013/fer2013_train.zip"));
        var match = SharpnessMatching.Measure([affectNet, fer], 64, seed: 1);
        Assert.NotNull(match);
        Assert.EndsWith("fer2013_train.zip", match.BlurrySet);
        // Measured 0.0106 against 0.0360 and 4.2 px; FER2013's test images are about as sharp as AffectNet's.
        Assert.True(match.BlurryMedian < 0.4 * match.SharpMedian, $"{match.BlurryMedian} against {match.SharpMedian}");
        Assert.InRange(match.Sigma, 3, 6);
    }
}
