using Circumplex.Models;
using Circumplex.Training.Data;
using Circumplex.Training.Evaluation;
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
    public static ModelMetadata Run(IAnsiConsole console, AffectNetwork network, ModelMetadata metadata, string data, string[] also, double fraction, int seed)
    {
        using var opened = DatasetOpener.Open(data);
        var alsoOpened = also.Select(p => DatasetOpener.Open(p)).ToList();
        try
        {
            var (trainPart, heldOut) = DatasetSplit.Stratified(opened, fraction, seed);
            var (finished, report) = ModelFinishing.Finish(network, metadata, [trainPart, .. alsoOpened], new TrainingSet(heldOut), seed);
            foreach (string line in ModelFinishing.Describe(report)) console.WriteLine(line);
            var details = new Dictionary<string, string>(finished.TrainingData?.Details ?? []);
            ModelFinishing.AddDetails(details, report);
            return finished with { TrainingData = (finished.TrainingData ?? new TrainingDataSummary()) with { Details = details } };
        }
        finally
        {
            foreach (var d in alsoOpened) d.Dispose();
        }
    }
}
