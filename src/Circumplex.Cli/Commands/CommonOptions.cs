using System.CommandLine;
using Circumplex.Music.Storage;

namespace Circumplex.Cli.Commands;

/// <summary>Options every command shares.</summary>
public static class CommonOptions
{
    public static readonly Option<string> Database = new("--db")
    {
        // The help names the variable, never its value: it may hold a PostgreSQL password.
        Description = $"Catalog database: a SQLite file, or PostgreSQL as postgresql://user:password@host:port/database or Host=...;Database=... (default: ${CatalogDatabase.EnvironmentVariable}, else {CatalogDatabase.DefaultFilePath()})",
        HelpName = "PATH|URI",
        Recursive = true,
    };

    /// <summary>
    /// The database the command line names. The default is resolved here rather than as the option's default value,
    /// which the help would print, password and all, when CIRCUMPLEX_DB holds a PostgreSQL URI.
    /// </summary>
    public static string DatabaseOf(ParseResult parse) => parse.GetValue(Database) ?? CatalogDatabase.DefaultPath();

    public static readonly Option<bool> Json = new("--json") { Description = "Print JSON instead of a table" };
}
