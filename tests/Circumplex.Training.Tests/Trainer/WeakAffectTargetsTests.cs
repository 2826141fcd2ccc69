using Circumplex.Affect;
using Circumplex.Training.Augmentation;
using Circumplex.Training.Data;
using Circumplex.Training.Trainer;
using OpenCvSharp;
using Xunit;
using static TorchSharp.torch;

namespace Circumplex.Tests.Training.Trainer;

/// <summary>Class-centre valence/arousal targets for faces that have only an expression, and their term in the loss.</summary>
[Collection(Circumplex.Training.Tests.TorchCollection.Name)]
public class WeakAffectTargetsTests : IDisposable
{
    private const int Size = 32;
    private readonly string _dir = Directory.CreateTempSubdirectory("circumplex-weak-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private void WriteImage(string path, int shade)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var img = new Mat(Size, Size, MatType.CV_8UC3, new Scalar(shade, 90, 160));
        Cv2.ImWrite(path, img);
    }

    /// <summary>Two happy faces at v .2/.6, a sad one at −.5: the happy centre is (.4, .3), the sad one (−.5, .1).</summary>
    private FaceDataset WithAffect()
    {
        string[] rows = ["0.2,0.1,1", "0.6,0.5,1", "-0.5,0.1,2"];
        for (int i = 0; i < rows.Length; i++) WriteImage(Path.Combine(_dir, "affect", $"{i}.png"), 40 * i);
        File.WriteAllLines(Path.Combine(_dir, "affect.csv"), ["path,valence,arousal,expression", .. rows.Select((r, i) => $"affect/{i}.png,{r}")]);
        return DatasetOpener.Open(Path.Combine(_dir, "affect.csv"));
    }

    /// <summary>Class folders without (v, a): happy and sad have centres, contempt has none.</summary>
    private FaceDataset Categorical()
    {
        foreach (var (name, i) in new[] { ("happy", 0), ("happy", 1), ("sad", 2), ("contempt", 3) })
            WriteImage(Path.Combine(_dir, "categorical", name, $"{i}.png"), 30 * i);
        return DatasetOpener.Open(Path.Combine(_dir, "categorical"));
    }

    [Fact]
    public void Each_class_centre_is_the_mean_of_its_training_faces_and_only_categorical_faces_get_one()
    {
        using var affect = WithAffect();
        using var categorical = Categorical();
        var set = new TrainingSet(affect, categorical);
        var targets = WeakAffectTargets.FromTrainingFaces(set);
        var happy = targets.Centre(Expression.Happy)!.Value;
        Assert.Equal(0.4f, happy.Valence, 6);
        Assert.Equal(0.3f, happy.Arousal, 6);
        Assert.Equal((-0.5f, 0.1f), targets.Centre(Expression.Sad)!.Value);
        Assert.Null(targets.Centre(Expression.Contempt));
        Assert.Equal("happy (+0.40, +0.30), sad (-0.50, +0.10)", targets.Describe());

        for (int i = 0; i < set.Count; i++)
        {
            var sample = set[i].Sample;
            var expected = sample.HasAffect || sample.Expression == Expression.Contempt ? null : targets.Centre(sample.Expression!.Value);
            Assert.Equal(expected, targets.For(sample));
        }
    }

    [Fact]
    public void A_set_without_valence_and_arousal_has_no_centres_to_give()
    {
        using var categorical = Categorical();
        var error = Assert.Throws<ArgumentException>(() => WeakAffectTargets.FromTrainingFaces(new TrainingSet(categorical)));
        Assert.Contains("need training faces with both (v, a) and an expression", error.Message);
    }

    [Fact]
    public void Batches_carry_the_centre_and_the_weak_mask_for_categorical_faces_and_nothing_without_targets()
    {
        using var affect = WithAffect();
        using var categorical = Categorical();
        var set = new TrainingSet(affect, categorical);
        var targets = WeakAffectTargets.FromTrainingFaces(set);
        var items = Enumerable.Range(0, set.Count).Select(i => new EpochItem(i, AugmentationOp.Nothing)).ToArray();
        float[] mean = [0, 0, 0], std = [1, 1, 1];
        var plain = BatchLoader.Make(set, items, 0, items.Length, Size, mean, std, seed: 1, epoch: 0, threads: 2);
        var weak = BatchLoader.Make(set, items, 0, items.Length, Size, mean, std, seed: 1, epoch: 0, threads: 2, weakTargets: targets);
        Assert.Equal(plain.Images, weak.Images);
        Assert.Equal(plain.AffectMask, weak.AffectMask);
        Assert.All(plain.WeakMask, w => Assert.Equal(0f, w));
        for (int i = 0; i < set.Count; i++)
        {
            var sample = set[i].Sample;
            var centre = targets.For(sample);
            Assert.Equal(centre is null ? 0f : 1f, weak.WeakMask[i]);
            Assert.Equal(sample.HasAffect ? 1f : 0f, weak.AffectMask[i]);
            float[] expected = sample.HasAffect ? [(float)sample.Valence!.Value, (float)sample.Arousal!.Value]
                : centre is { } c ? [c.Valence, c.Arousal] : [0f, 0f];
            Assert.Equal(expected, weak.Targets.AsSpan(2 * i, 2).ToArray());
        }
    }

    [Fact]
    public void The_weak_term_is_its_own_weighted_mean_beside_the_real_targets_mean()
    {
        // Two real samples, two weak ones, one with neither; outputs and targets chosen so every term is exact.
        var batch = new Batch(5, Size, [], Targets: [0, 0, 1, 1, 0.5f, 0.5f, -1, 0, 0, 0], AffectMask: [1, 1, 0, 0, 0],
            Labels: [-1, -1, -1, -1, -1], WeakMask: [0, 0, 1, 1, 0]);
        using var output = tensor(new float[] { 1, 0, 1, 1, 0.5f, 1.5f, 0, 0, 9, 9 }, [5, 2]);
        // Real: squared errors (1 + 0) and (0 + 0) over 2 samples × 2 outputs = 0.25.
        // Weak: (0 + 1) and (1 + 0) over 2 × 2 = 0.5; the fifth sample (9, 9) counts nowhere.
        Assert.Equal(0.25, TrainingLoss.Of(output, batch, expressionWeight: 0, weakWeight: 0).item<float>(), 6);
        Assert.Equal(0.25 + 0.4 * 0.5, TrainingLoss.Of(output, batch, expressionWeight: 0, weakWeight: 0.4).item<float>(), 6);
        // A batch of weak samples only: the real term is 0, not a division by zero.
        var onlyWeak = batch with { AffectMask = [0, 0, 0, 0, 0] };
        Assert.Equal(0.5, TrainingLoss.Of(output, onlyWeak, expressionWeight: 0, weakWeight: 1).item<float>(), 6);
    }

    [Fact]
    public void The_weight_must_lie_between_zero_and_one()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { InputSize = 64, WeakAffectWeight = 1.5 }.Validate());
        Assert.Contains("weak-target weight", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { InputSize = 64, WeakAffectWeight = double.NaN }.Validate());
    }
}
