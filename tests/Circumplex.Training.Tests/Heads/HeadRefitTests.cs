using Circumplex.Affect;
using Circumplex.Models;
using Circumplex.Models.Networks;
using Circumplex.Training.Data;
using Circumplex.Training.Heads;
using Circumplex.Training.Trainer;
using OpenCvSharp;
using Xunit;
using static TorchSharp.torch;

namespace Circumplex.Tests.Training.Heads;

/// <summary>
/// The two closed-form/refitted heads of a ResNet18 1×2 on generated faces whose colour gives their expression and
/// their (v, a): each fixes its own rows, keeps the other's, and replaces nothing it cannot improve on validation.
/// </summary>
[Collection(Circumplex.Training.Tests.TorchCollection.Name)]
public class HeadRefitTests : IDisposable
{
    private const int Size = 64;
    private static readonly Expression[] Classes = [Expression.Happy, Expression.Sad, Expression.Surprise, Expression.Anger];
    private readonly string _dir = Directory.CreateTempSubdirectory("circumplex-heads-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>Per class one colour (jittered per face); valence and arousal follow the colour linearly.</summary>
    private FaceDataset Faces(string name, int perClass, int seed)
    {
        var rng = new Random(seed);
        string folder = Path.Combine(_dir, name);
        Directory.CreateDirectory(folder);
        var lines = new List<string> { "path,valence,arousal,expression" };
        for (int c = 0; c < Classes.Length; c++)
            for (int i = 0; i < perClass; i++)
            {
                double blue = 40 + 60 * c + rng.Next(-8, 9), red = 220 - 50 * c + rng.Next(-8, 9);
                using var img = new Mat(Size, Size, MatType.CV_8UC3, new Scalar(blue, 120, red));
                string file = $"{c}-{i}.png";
                Cv2.ImWrite(Path.Combine(folder, file), img);
                lines.Add(FormattableString.Invariant($"{file},{(red - 120) / 200:0.0000},{(blue - 130) / 200:0.0000},{(int)Classes[c]}"));
            }
        File.WriteAllLines(Path.Combine(folder, "labels.csv"), lines);
        return DatasetOpener.Open(Path.Combine(folder, "labels.csv"));
    }

    private static (AffectNetwork Network, ModelMetadata Meta) Untrained()
    {
        manual_seed(7);
        var network = AffectNetworkFactory.Create(Architecture.ResNet18, Design.OneByTwo, Size, extraOutputs: Expressions.Count);
        network.eval();
        return (network, ModelMetadata.For(network));
    }

    private static Tensor Rows(AffectNetwork network, long start, long count) =>
        ((ResNet18)network.Networks[0]).named_parameters().Single(p => p.name == "head.weight").parameter.narrow(0, start, count).detach().clone();

    [Fact]
    public void The_expression_refit_learns_the_classes_keeps_valence_and_arousal_and_then_has_nothing_left_to_improve()
    {
        using var train = Faces("train", 12, 1);
        using var validation = Faces("validation", 6, 2);
        var (network, meta) = Untrained();
        using var _ = network;
        using var affectRows = Rows(network, 0, 2);

        var first = ExpressionHeadRefit.Refit(network, meta, new TrainingSet(train), new TrainingSet(validation));
        Assert.Equal((48, 24), (first.TrainFaces, first.ValidationFaces));
        Assert.Equal(ExpressionHeadRefit.Lambdas, first.Scores.Select(s => s.Lambda));
        Assert.True(first.Replaced, $"as trained {first.PreviousAccuracy}, refitted {string.Join(", ", first.Scores)}");
        Assert.Equal(first.Scores.Max(s => s.Accuracy), first.Scores.Single(s => s.Lambda == first.ChosenLambda).Accuracy);
        Assert.True(first.Scores.Max(s => s.Accuracy) > first.PreviousAccuracy);
        Assert.True(Rows(network, 0, 2).eq(affectRows).all().item<bool>(), "the valence/arousal rows changed");

        // The head as the network now reads it scores what the refit reported.
        using var refitted = Rows(network, 2, Expressions.Count);
        var second = ExpressionHeadRefit.Refit(network, meta, new TrainingSet(train), new TrainingSet(validation));
        Assert.Equal(first.Scores.Max(s => s.Accuracy), second.PreviousAccuracy, 9);
        // Four well-separated colours: the refitted head names every validation face, so no refit can do better.
        Assert.Equal(1, second.PreviousAccuracy);
        Assert.False(second.Replaced);
        Assert.True(Rows(network, 2, Expressions.Count).eq(refitted).all().item<bool>(), "a refit that cannot do better replaced the rows");
    }

    [Fact]
    public void The_expression_refit_needs_a_resnet18_with_a_head_and_labelled_faces()
    {
        using var faces = Faces("faces", 2, 3);
        manual_seed(1);
        using var plain = AffectNetworkFactory.Create(Architecture.ResNet18, Design.OneByTwo, Size);
        var error = Assert.Throws<ArgumentException>(() => ExpressionHeadRefit.Refit(plain, ModelMetadata.For(plain), new TrainingSet(faces), new TrainingSet(faces)));
        Assert.Contains("with an expression head", error.Message);
    }

    [Fact]
    public void The_ridge_refit_fits_valence_and_arousal_and_keeps_the_expression_rows()
    {
        using var train = Faces("train", 12, 4);
        using var validation = Faces("validation", 6, 5);
        var (network, meta) = Untrained();
        using var _ = network;
        using var expressionRows = Rows(network, 2, Expressions.Count);
        var result = RidgeHead.Refit(network, meta, new TrainingSet(train), new TrainingSet(validation));
        Assert.True(result.Replaced);
        Assert.True(result.ValenceValidationMse < result.PreviousValenceMse / 4, $"{result.PreviousValenceMse} → {result.ValenceValidationMse}");
        Assert.True(result.ArousalValidationMse < result.PreviousArousalMse / 4, $"{result.PreviousArousalMse} → {result.ArousalValidationMse}");
        Assert.Contains(result.ValenceLambda, RidgeHead.Lambdas);
        Assert.True(Rows(network, 2, Expressions.Count).eq(expressionRows).all().item<bool>(), "the expression rows changed");

        // The rows the network now holds score what the refit reported (up to float32 storage).
        var again = RidgeHead.Refit(network, meta, new TrainingSet(train), new TrainingSet(validation));
        Assert.Equal(result.ValenceValidationMse, again.PreviousValenceMse, 5);
        Assert.Equal(result.ArousalValidationMse, again.PreviousArousalMse, 5);
    }

    [Fact]
    public void Mirrored_features_are_the_mean_of_the_face_and_its_mirror_image()
    {
        string folder = Path.Combine(_dir, "halves");
        Directory.CreateDirectory(folder);
        using (var img = new Mat(Size, Size, MatType.CV_8UC3, new Scalar(30, 60, 90)))
        {
            Cv2.Rectangle(img, new Rect(0, 0, Size / 2, Size), new Scalar(200, 220, 240), -1);
            Cv2.ImWrite(Path.Combine(folder, "face.png"), img);
            using var mirror = img.Flip(FlipMode.Y);
            Cv2.ImWrite(Path.Combine(folder, "mirror.png"), mirror);
        }
        File.WriteAllLines(Path.Combine(folder, "labels.csv"), ["path,valence,arousal,expression", "face.png,0.1,0.2,1", "mirror.png,0.1,0.2,1"]);
        using var faces = DatasetOpener.Open(Path.Combine(folder, "labels.csv"));
        var (network, meta) = Untrained();
        using var _ = network;
        var resnet = (ResNet18)network.Networks[0];
        var (plain, _) = PooledFeatures.Read(resnet, meta, new TrainingSet(faces), s => true);
        var (mirrored, samples) = PooledFeatures.Read(resnet, meta, new TrainingSet(faces), s => true, mirrored: true);
        Assert.Equal(2, samples.Length);
        Assert.False(plain[0].SequenceEqual(plain[1]), "the two halves should read differently");
        for (int i = 0; i < plain[0].Length; i++)
        {
            float mean = (plain[0][i] + plain[1][i]) / 2;
            Assert.Equal(mean, mirrored[0][i], 4);
            Assert.Equal(mean, mirrored[1][i], 4);
        }
    }
}
