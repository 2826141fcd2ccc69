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
        return models;
    }
}
