using System.CommandLine;
using Circumplex.Music.Storage;

namespace Circumplex.Cli.Commands;

/// <summary>Options every command shares.</summary>
public static class CommonOptions
{
    public static readonly Option<string> Database = new("--db")
    {
        Description = $"Catalog database file (default: ${CatalogDatabase.EnvironmentVariable} or {CatalogDatabase.DefaultPath()})",
        HelpName = "PATH",
        Recursive = true,
        DefaultValueFactory = _ => CatalogDatabase.DefaultPath(),
    };

    public static readonly Option<bool> Json = new("--json") { Description = "Print JSON instead of a table" };
}
