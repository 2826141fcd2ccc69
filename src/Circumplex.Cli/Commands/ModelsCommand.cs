using System.CommandLine;
using Circumplex.Models;
using Spectre.Console;

namespace Circumplex.Cli.Commands;

/// <summary>`circumplex models list`: the six architectures in both designs with parameter counts beside the paper's.</summary>
public static class ModelsCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var models = new Command("models", "The affect architectures of the paper");
        var size = new Option<int>("--size") { Description = "Input size used to build the networks", DefaultValueFactory = _ => 224 };
        var list = new Command("list", "Parameter counts of every architecture and design, beside the paper's") { size };
        list.SetAction(parse =>
        {
            var table = new Table().AddColumns("architecture", "design", "parameters", "paper per model", "difference", "within ±5%");
            foreach (var row in ModelCatalogue.List(parse.GetValue(size)))
                table.AddRow(row.Architecture.ToString(), row.DisplayDesign, row.DisplayParameters,
                    row.PaperMillionsPerNetwork is double paper ? $"{paper:0.0}M" : "— (not in the paper)",
                    row.Deviation is double d ? $"{d:+0.0%;-0.0%}" : "—",
                    row.Deviation is null ? "—" : row.WithinTolerance ? "yes" : "[red]no[/]");
            console.Write(table);
            if (DefaultModel.Locate() is string shipped)
            {
                var meta = ModelFile.ReadMetadata(shipped);
                console.MarkupLineInterpolated($"Shipped model: {shipped} — {meta.Architecture} {ArchitectureNames.Name(meta.Design)}, {meta.InputSize} px, {meta.ParameterCount / 1e6:0.00}M parameters");
            }
            return 0;
        });
        models.Subcommands.Add(list);
        models.Subcommands.Add(Calibrate(console));
        models.Subcommands.Add(ModelsAverageCommand.Create(console));
        return models;
    }

    /// <summary>`models calibrate`: re-finishes an existing model with today's pipeline — the capped emotion tree, the
    /// framing measured with the detector and the naming chosen on validation — without touching its weights, unless
    /// asked to re-learn the expression rows first.</summary>
    private static Command Calibrate(IAnsiConsole console)
    {
        var model = new Option<string?>("--model") { Description = "Model file (default: the shipped model)" };
        var data = new Option<string>("--data") { Description = "The model's training set with (valence, arousal, expression): tree, framing and, held out, validation", Required = true };
        var others = new Option<string[]>("--also") { Description = "The model's other training sets (e.g. FER2013 train): whether one is much blurrier than --data decides whether the head also reads a blurred copy (repeatable)", AllowMultipleArgumentsPerToken = true };
        var fraction = new Option<double>("--validation-fraction") { Description = "The stratified part held out for validation (as in train, so the same faces with the same seed)", DefaultValueFactory = _ => 0.15 };
        var repeat = new Option<int?>("--affect-repeat") { Description = "How many times an epoch listed each set with valence/arousal (train's --affect-repeat; default: what the model recorded): weights the head's training labels for its logit adjustment" };
        var seed = new Option<int>("--seed") { Description = "Seed of the split and the tree search (as in train)", DefaultValueFactory = _ => 1 };
        var refitHead = new Option<bool>("--refit-expression-head") { Description = "First re-learn a ResNet18 1×2's expression rows on the training faces of --data with the backbone fixed, penalised towards the trained rows; kept only if it names more validation faces correctly (the only option that changes weights)" };
        var output = new Option<string?>("--out") { Description = "Where to write the model (default: over the input file)" };
        var command = new Command("calibrate", "Refit the emotion tree (≤ 30 leaves), measure the framing with the detector, choose the head blur and tree or head naming on validation; weights unchanged unless --refit-expression-head")
        {
            model, data, others, fraction, seed, repeat, refitHead, output,
        };
        command.SetAction(parse =>
        {
            string path = DefaultModel.Resolve(parse.GetValue(model));
            using var loaded = ModelFile.Load(path);
            var metadata = ModelRecalibration.Run(console, loaded.Network, loaded.Metadata, parse.GetRequiredValue(data),
                parse.GetValue(others) ?? [], parse.GetValue(fraction), parse.GetValue(seed), parse.GetValue(repeat), parse.GetValue(refitHead));
            string target = parse.GetValue(output) ?? path;
            ModelFile.Save(target, loaded.Network, metadata);
            console.MarkupLineInterpolated($"Written: [green]{target}[/]");
            return 0;
        });
        return command;
    }
}
