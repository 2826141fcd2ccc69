using Circumplex.Affect;
using Circumplex.Models;
using Circumplex.Training.Augmentation;
using Circumplex.Training.Data;
using Circumplex.Training.Evaluation;
using Circumplex.Training.Trainer;
using OpenCvSharp;
using Xunit;

namespace Circumplex.Tests.Training.Trainer;

/// <summary>Small end-to-end runs of the trainer on generated faces whose valence/arousal follow their colours.</summary>
[Collection(Circumplex.Training.Tests.TorchCollection.Name)]
public class AffectTrainerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("circumplex-train-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>Images whose red level gives valence and whose size of a bright square gives arousal.</summary>
    private FaceDataset Generated(string name, int count, int seed)
    {
        var rng = new Random(seed);
        string folder = Path.Combine(_dir, name);
        Directory.CreateDirectory(folder);
        var lines = new List<string> { "path,valence,arousal,expression" };
        for (int i = 0; i < count; i++)
        {
            double v = rng.NextDouble() * 1.6 - 0.8, a = rng.NextDouble() * 1.6 - 0.8;
            using var img = new Mat(64, 64, MatType.CV_8UC3, new Scalar(40, 40, 128 + 120 * v));
            int half = (int)(8 + 12 * (a + 0.8));
            Cv2.Rectangle(img, new Rect(32 - half, 32 - half, 2 * half, 2 * half), new Scalar(230, 230, 128 + 120 * v), -1);
            Cv2.ImWrite(Path.Combine(folder, $"{i}.png"), img);
            var e = v > 0 ? Expression.Happy : Expression.Sad;
            lines.Add(FormattableString.Invariant($"{i}.png,{v:0.000},{a:0.000},{(int)e}"));
        }
        string csv = Path.Combine(folder, "labels.csv");
        File.WriteAllLines(csv, lines);
        return DatasetOpener.Open(csv);
    }

    private static TrainingOptions Tiny(int epochs) => new()
    {
        Architecture = Architecture.InvNet50, Design = Design.OneByTwo, Plan = AugmentationPlan.None,
        // A small learning rate: at the paper's 1e-3 the first steps on 32 images overshoot before they settle.
        InputSize = 64, Epochs = epochs, BatchSize = 8, Seed = 3, StopPatience = 50, LearningRate = 1e-4,
    };

    [Fact]
    public void Two_epochs_lower_the_validation_loss_and_write_log_checkpoint_and_best_weights()
    {
        using var train = Generated("train", 32, 1);
        using var val = Generated("val", 16, 2);
        var set = new TrainingSet(train);
        var valSet = new TrainingSet(val);
        TorchSharp.torch.manual_seed(3);
        double before = AffectEvaluator.Predict(AffectTrainer.CreateModel(Tiny(2)), valSet, 64, Tiny(2).Mean, Tiny(2).Std).MeanSquaredError();

        string outDir = Path.Combine(_dir, "run");
        var result = new AffectTrainer(Tiny(2), set, valSet, outDir).Run(ct: TestContext.Current.CancellationToken);
        Assert.Equal(2, result.History.Count);
        Assert.True(result.History.Min(h => h.ValidationLoss) < before, $"validation loss {before} → {string.Join(", ", result.History.Select(h => h.ValidationLoss))}");
        Assert.True(File.Exists(Path.Combine(outDir, "epochs.csv")));
        Assert.Equal(3, File.ReadAllLines(Path.Combine(outDir, "epochs.csv")).Length);
        Assert.True(File.Exists(Path.Combine(outDir, "checkpoint", "state.json")));
        Assert.True(File.Exists(Path.Combine(outDir, "best.weights")));
    }

    [Fact]
    public void Resuming_from_a_checkpoint_is_bit_identical_to_an_uninterrupted_run()
    {
        using var train = Generated("train", 16, 4);
        using var val = Generated("val", 8, 5);
        var set = new TrainingSet(train);
        var valSet = new TrainingSet(val);

        var straight = new AffectTrainer(Tiny(2), set, valSet, Path.Combine(_dir, "straight")).Run(ct: TestContext.Current.CancellationToken);
        string resumedDir = Path.Combine(_dir, "resumed");
        new AffectTrainer(Tiny(1), set, valSet, resumedDir).Run(ct: TestContext.Current.CancellationToken);
        var resumed = new AffectTrainer(Tiny(2), set, valSet, resumedDir).Run(resume: true, ct: TestContext.Current.CancellationToken);

        Assert.Equal(straight.History.Select(h => h.TrainLoss), resumed.History.Select(h => h.TrainLoss));
        Assert.Equal(straight.History.Select(h => h.ValidationLoss), resumed.History.Select(h => h.ValidationLoss));
        var a = straight.Model.state_dict();
        var b = resumed.Model.state_dict();
        foreach (var (name, tensor) in a)
            Assert.True(tensor.eq(b[name]).all().item<bool>(), $"{name} differs after resume");
    }

    [Fact]
    public void Resume_refuses_a_checkpoint_made_with_other_options()
    {
        using var train = Generated("train", 8, 6);
        var set = new TrainingSet(train);
        string outDir = Path.Combine(_dir, "run");
        new AffectTrainer(Tiny(1), set, set, outDir).Run(ct: TestContext.Current.CancellationToken);
        foreach (var other in new[] { Tiny(2) with { Seed = 99 }, Tiny(2) with { WeakAffectWeight = 0.5 } })
            Assert.Throws<InvalidOperationException>(() => new AffectTrainer(other, set, set, outDir).Run(resume: true, ct: TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Selecting_on_the_objective_adds_the_heads_weighted_cross_entropy_and_logs_it()
    {
        using var train = Generated("train", 16, 7);
        using var val = Generated("val", 8, 8);
        using var categorical = Generated("categorical", 8, 9);
        var options = Tiny(2) with { Architecture = Architecture.ResNet18, ExpressionLossWeight = 0.5, SelectOn = SelectionCriterion.Objective };
        var check = new TrainingSet(val, categorical);
        string outDir = Path.Combine(_dir, "objective");
        var result = new AffectTrainer(options, new TrainingSet(train), new TrainingSet(val), outDir, expressionValidation: check)
            .Run(ct: TestContext.Current.CancellationToken);

        foreach (var h in result.History)
        {
            Assert.NotNull(h.ExpressionLoss);
            Assert.InRange(h.ExpressionAccuracy!.Value, 0, 1);
            Assert.Equal(h.ValidationLoss + 0.5 * h.ExpressionLoss!.Value, h.SelectionLoss!.Value, 12);
        }
        // The best epoch is the one with the lowest objective, which the log carries as its last column.
        var rows = File.ReadAllLines(Path.Combine(outDir, "epochs.csv"));
        Assert.EndsWith("val_expression_loss,val_expression_accuracy,selection_loss", rows[0]);
        var selection = rows[1..].Select(r => double.Parse(r.Split(',')[^1], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(Array.IndexOf(selection, selection.Min()) + 1, result.BestEpoch);
    }

    [Fact]
    public void Selecting_on_the_objective_needs_an_expression_head()
    {
        var options = Tiny(1) with { SelectOn = SelectionCriterion.Objective };
        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("expression", error.Message);
    }

    [Fact]
    public void A_run_without_an_expression_head_leaves_the_expression_columns_empty()
    {
        using var train = Generated("train", 8, 10);
        var set = new TrainingSet(train);
        string outDir = Path.Combine(_dir, "plain");
        new AffectTrainer(Tiny(1), set, set, outDir).Run(ct: TestContext.Current.CancellationToken);
        var row = File.ReadAllLines(Path.Combine(outDir, "epochs.csv"))[1].Split(',');
        Assert.Equal(13, row.Length);
        Assert.Equal("", row[10]);
        Assert.Equal("", row[11]);
        Assert.NotEqual("", row[12]); // the selection loss is the validation loss itself
    }
}
