using Circumplex.Models;
using Circumplex.Training.Data;
using Circumplex.Training.Evaluation;
using Circumplex.Training.Heads;
using Circumplex.Training.Trainer;
using Spectre.Console;

namespace Circumplex.Cli.Commands;

/// <summary>
/// Re-finishes a network with today's pipeline — the capped emotion tree, the framing measured with the detector, the
/// test-time flip, the head blur and the naming, chosen on the validation faces held out of <c>--data</c> exactly as
/// <c>train</c> held them out — without touching its weights (<c>models calibrate</c>, <c>models average</c>).
/// </summary>
internal static class ModelRecalibration
{
    /// <summary>
    /// <paramref name="affectRepeat"/>: how many times an epoch listed each set with (v, a), as in train's --affect-repeat
    /// (null: what the model recorded, else 1); it weights the labels for the head's logit adjustment.
    /// </summary>
    public static ModelMetadata Run(IAnsiConsole console, AffectNetwork network, ModelMetadata metadata, string data, string[] also, double fraction, int seed,
        int? affectRepeat = null, bool refitExpressionHead = false)
    {
        using var opened = DatasetOpener.Open(data);
        var alsoOpened = also.Select(p => DatasetOpener.Open(p)).ToList();
        try
        {
            var (trainPart, heldOut) = DatasetSplit.Stratified(opened, fraction, seed);
            int repeat = affectRepeat ?? RecordedRepeat(metadata) ?? 1;
            if (repeat < 1) throw new ArgumentException($"--affect-repeat must be at least 1, not {repeat}");
            FaceDataset[] trainSets = [trainPart, .. alsoOpened];
            var headTraining = new TrainingSet([.. trainSets.SelectMany(d => Enumerable.Repeat(d, d.HasAffect ? repeat : 1))]);
            ExpressionHeadRefitResult? refit = null;
            if (refitExpressionHead)
            {
                refit = ExpressionHeadRefit.Refit(network, metadata, new TrainingSet(trainPart), new TrainingSet(heldOut));
                console.WriteLine(Describe(refit));
            }
            if (also.Length == 0 && metadata.HeadBlurWeight > 0)
                console.MarkupLineInterpolated($"[yellow]This model's head also read a blurred copy of each face (weight {metadata.HeadBlurWeight:0.#}), chosen with a blurry training set; without --also that set is not known here, so the blurred reading is turned off. Give the set with --also to choose it again.[/]");
            var (finished, report) = ModelFinishing.Finish(network, metadata, trainSets, new TrainingSet(heldOut), seed, headTraining);
            foreach (string line in ModelFinishing.Describe(report)) console.WriteLine(line);
            var details = new Dictionary<string, string>(finished.TrainingData?.Details ?? []);
            if (refit is not null) details["expression_head_refit"] = Describe(refit);
            ModelFinishing.AddDetails(details, report);
            return finished with { TrainingData = (finished.TrainingData ?? new TrainingDataSummary()) with { Details = details } };
        }
        finally
        {
            foreach (var d in alsoOpened) d.Dispose();
        }
    }

    public static string Describe(ExpressionHeadRefitResult r) =>
        $"Expression head refit on {r.TrainFaces:N0} training faces, backbone fixed: head accuracy on {r.ValidationFaces} validation faces as trained {r.PreviousAccuracy:P1}, "
        + $"refitted with penalty {string.Join(", ", r.Scores.Select(s => $"{s.Lambda:0.###}: {s.Accuracy:P1}"))} → {(r.ChosenLambda is double l ? $"replaced (penalty {l:0.###})" : "kept as trained")}.";

    private static int? RecordedRepeat(ModelMetadata metadata) =>
        metadata.TrainingData?.Details?.GetValueOrDefault("affect_repeat") is string s
        && int.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) ? n : null;
}
