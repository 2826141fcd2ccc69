using System.CommandLine;
using Circumplex.Models;
using Spectre.Console;

namespace Circumplex.Cli.Commands;

/// <summary>
/// `circumplex models average`: a model soup — the mean of the weights of models fine-tuned from one pretrained start
/// (<see cref="WeightAveraging"/>) — written as a model of its own and, given the training set, re-finished on its
/// validation faces as <c>models calibrate</c> does.
/// </summary>
public static class ModelsAverageCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var models = new Option<string[]>("--model") { Description = "A model to average (at least two; repeatable), all of one architecture, design and input size", Required = true, AllowMultipleArgumentsPerToken = true };
        var data = new Option<string?>("--data") { Description = "The models' training set with (valence, arousal, expression): re-finish the average on its held-out validation faces (as models calibrate)" };
        var others = new Option<string[]>("--also") { Description = "The models' other training sets (as in models calibrate)", AllowMultipleArgumentsPerToken = true };
        var fraction = new Option<double>("--validation-fraction") { Description = "The stratified part of --data held out for validation (as in train)", DefaultValueFactory = _ => 0.15 };
        var repeat = new Option<int?>("--affect-repeat") { Description = "How many times an epoch listed each set with valence/arousal (train's --affect-repeat; default: what the model recorded): weights the head's training labels for its logit adjustment" };
        var seed = new Option<int>("--seed") { Description = "Seed of the split and the tree search (as in train)", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Where to write the averaged model", Required = true };
        var command = new Command("average", "Average the weights of models fine-tuned from one start (a model soup) into one model, and re-finish it on validation")
        {
            models, data, others, fraction, seed, repeat, output,
        };
        command.SetAction(parse =>
        {
            string[] paths = parse.GetValue(models) ?? [];
            if (paths.Length < 2)
            {
                Console.Error.WriteLine("error: --model: give at least two models to average");
                return 1;
            }
            var loaded = new List<LoadedModel>();
            try
            {
                foreach (string path in paths) loaded.Add(ModelFile.Load(path));
                var first = loaded[0].Metadata;
                foreach (var (m, path) in loaded.Zip(paths).Skip(1))
                    if (!m.Metadata.NormalizationMean.SequenceEqual(first.NormalizationMean) || !m.Metadata.NormalizationStd.SequenceEqual(first.NormalizationStd))
                    {
                        Console.Error.WriteLine($"error: {path} normalises its input differently from {paths[0]}: models trained apart cannot be averaged");
                        return 1;
                    }
                var network = loaded[0].Network;
                try
                {
                    WeightAveraging.AverageInto(network, [.. loaded.Select(m => m.Network)]);
                }
                catch (ArgumentException e)
                {
                    Console.Error.WriteLine($"error: {e.Message}");
                    return 1;
                }
                var details = new Dictionary<string, string>(first.TrainingData?.Details ?? [])
                {
                    ["averaged_from"] = string.Join(", ", paths.Select(Path.GetFileName)),
                };
                var metadata = first with { TrainingData = (first.TrainingData ?? new TrainingDataSummary()) with { Details = details } };
                console.MarkupLineInterpolated($"Averaged the weights of {paths.Length} models ({metadata.Architecture} {ArchitectureNames.Name(metadata.Design)}, {metadata.InputSize} px).");
                if (parse.GetValue(data) is string dataPath)
                    metadata = ModelRecalibration.Run(console, network, metadata, dataPath, parse.GetValue(others) ?? [], parse.GetValue(fraction), parse.GetValue(seed), parse.GetValue(repeat));
                else
                    console.MarkupLine("[yellow]Not re-finished:[/] its tree, framing, flip, head blur and naming are the first model's; give --data (as models calibrate) to choose them for the average.");
                string target = parse.GetRequiredValue(output);
                ModelFile.Save(target, network, metadata);
                console.MarkupLineInterpolated($"Written: [green]{target}[/]");
                return 0;
            }
            finally
            {
                foreach (var m in loaded) m.Dispose();
            }
        });
        return command;
    }
}
