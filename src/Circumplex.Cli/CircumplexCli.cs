using System.CommandLine;
using Circumplex.Cli.Commands;
using Circumplex.Music.Import;
using Spectre.Console;

namespace Circumplex.Cli;

/// <summary>The `circumplex` command tree. Known failures print one clear line and exit 1; usage errors exit 2.</summary>
public static class CircumplexCli
{
    /// <param name="stdout">Where machine-readable output (--json, CSV, M3U8) goes, as it is: never through the rich
    /// console, which wraps long lines at its width and would split a JSON string. Standard output by default.</param>
    public static int Run(string[] args, IAnsiConsole? console = null, TextWriter? stdout = null)
    {
        var output = console ?? AnsiConsole.Console;
        var machine = stdout ?? Console.Out;
        var root = new RootCommand("Circumplex: emotion-aware music recommendation on Russell's circumplex.");
        root.Options.Add(CommonOptions.Database);
        root.Subcommands.Add(CatalogCommands.Create(output));
        root.Subcommands.Add(RecommendCommand.Create(output, machine));
        root.Subcommands.Add(JourneyCommand.Create(output, machine));
        root.Subcommands.Add(TrainCommand.Create(output));
        root.Subcommands.Add(EvaluateCommand.Create(output));
        root.Subcommands.Add(AnalyzeCommand.Create(output, machine));
        root.Subcommands.Add(ModelsCommand.Create(output));
        root.Subcommands.Add(ServeCommand.Create(output, LoadAnalyzer));
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine("Run 'circumplex --help' for usage.");
            return 2;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                // serve: the web host handles SIGTERM itself and drains requests in flight (WebOptions.ShutdownTimeout);
                // System.CommandLine would end the process 2 s after the signal.
                ProcessTerminationTimeout = parse.CommandResult.Command.Name == "serve" ? null : TimeSpan.FromSeconds(2),
            });
        }
        catch (Exception e) when (IsUserFacing(e))
        {
            Console.Error.WriteLine($"error: {Describe(e)}");
            return 1;
        }
    }

    /// <summary>The model for `serve`: the given file, else the shipped default, else none (the page still recommends by dragging).</summary>
    private static Web.IPhotoAnalyzer? LoadAnalyzer(string? path, long memoryBudgetBytes)
    {
        string? file = path ?? DefaultModel.Locate();
        return file is null ? null : new Circumplex.Analysis.PhotoAffectAnalyzer(file, memoryBudgetBytes: memoryBudgetBytes);
    }

    // ArgumentException appends "(Parameter 'x')" and the actual value on new lines: keep the sentence only.
    private static string Describe(Exception e) =>
        e is ArgumentException { ParamName: not null } ? e.Message.Split(" (Parameter '")[0] : e.Message;

    private static bool IsUserFacing(Exception e) =>
        e is CatalogFormatException or FileNotFoundException or DirectoryNotFoundException or InvalidDataException
            or ArgumentException or InvalidOperationException or UnauthorizedAccessException or IOException
            or System.Data.Common.DbException; // e.g. SQLite's "database is locked", PostgreSQL's "permission denied for table songs"
}
