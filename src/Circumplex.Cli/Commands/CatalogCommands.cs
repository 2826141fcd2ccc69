using System.CommandLine;
using System.Globalization;
using Circumplex.Music.Import;
using Circumplex.Music.Storage;
using Spectre.Console;

namespace Circumplex.Cli.Commands;

/// <summary>`circumplex catalog import|stats`.</summary>
public static class CatalogCommands
{
    public static Command Create(IAnsiConsole console)
    {
        var catalog = new Command("catalog", "Load and inspect the song catalog");
        catalog.Subcommands.Add(Import(console));
        catalog.Subcommands.Add(Stats(console));
        catalog.Subcommands.Add(CatalogDownloadCommand.Create(console));
        return catalog;
    }

    private static Command Import(IAnsiConsole console)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A Spotify catalog CSV: a known schema (Kaggle 600k tracks.csv, 114k dataset.csv, …) or any CSV whose columns say what they hold (an Exportify playlist, …)" };
        var replace = new Option<bool>("--replace") { Description = "Remove every song already in the catalog first" };
        var strict = new Option<bool>("--strict") { Description = "Import nothing if any row is malformed" };
        var columns = new Option<string?>("--columns")
        {
            Description = "Which column holds which field, when the names do not say it: id=COLUMN,title=COLUMN,artists=COLUMN (also valence, energy, album, released, year, popularity, explicit, genre, duration)",
        };
        var maxBadShare = new Option<string>("--max-bad-share")
        {
            Description = "Refuse the file when more than this share of its lines are malformed rows (0.5 or 50%)",
            DefaultValueFactory = _ => CatalogImportPolicy.DefaultMaxBadShare.ToString(CultureInfo.InvariantCulture),
        };
        var showErrors = new Option<int>("--show-errors") { Description = "How many malformed rows to list", DefaultValueFactory = _ => 20 };
        var command = new Command("import", "Import a catalog CSV into the database (one transaction: all good rows or nothing)")
        {
            file, replace, strict, columns, maxBadShare, showErrors,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetRequiredValue(file);
            if (!CatalogImportPolicy.TryParseShare(parse.GetValue(maxBadShare) ?? "", out double limit))
            {
                Console.Error.WriteLine($"error: --max-bad-share '{parse.GetValue(maxBadShare)}' is not a share between 0 and 1 (or 0% and 100%)");
                return 2;
            }
            CatalogReadOptions options;
            try
            {
                options = new CatalogReadOptions { Columns = ColumnChoice.Parse(parse.GetValue(columns)) };
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine($"error: --columns: {e.Message}");
                return 2;
            }
            // Where the time goes, for a command people wait for: start-up (runtime, JIT, options), reading, writing.
            var startup = DateTime.Now - System.Diagnostics.Process.GetCurrentProcess().StartTime;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            // A read allocates about 3.7 bytes per byte of a tracks.csv, nearly all of it kept as songs, and writing
            // them adds a little: no collection at all for the whole command, since one after the read would have to
            // promote every song at once.
            using var pause = CollectionPause.For(path.Exists ? path.Length * 4 + (64 << 20) : 0);
            SqliteThreading.UseMultiThreadMode(); // this command uses each connection from one thread
            string database = CommonOptions.DatabaseOf(parse);
            // A SQLite file this command creates is removed again when nothing is imported, so that a refused or
            // missing file leaves no empty catalog behind.
            bool createsFile = !CatalogDatabase.IsPostgres(database) && !File.Exists(database);
            int code = 1;
            try
            {
                code = ImportInto(database);
                return code;
            }
            finally
            {
                if (code != 0 && createsFile) SqliteFiles.Remove(database);
            }

            int ImportInto(string database)
            {
                // The import begins before the read so that a store that can take songs at once (PostgreSQL's COPY) works
                // while the file is parsed; a refused file disposes it unfinished, which leaves the catalog as it was.
                using var store = CatalogDatabase.OpenCatalog(database);
                using var import = store.BeginImport(path.FullName, parse.GetValue(replace));
                options = options with { SongKept = import.Add };
                CatalogReadResult read;
                try
                {
                    read = console.Profile.Capabilities.Interactive
                        ? ReadWithProgress(console, path.FullName, options)
                        : CatalogReader.Read(path.FullName, options);
                }
                catch (CatalogFormatException e)
                {
                    Console.Error.WriteLine($"error: {path.Name} is not a catalog: {e.Message}");
                    return 1;
                }
                ReportErrors(console, read, parse.GetValue(showErrors));
                if (parse.GetValue(strict) && read.Errors.Count > 0)
                {
                    Console.Error.WriteLine($"error: --strict: {read.Errors.Count} malformed rows, nothing imported");
                    return 1;
                }
                if (CatalogImportPolicy.Refusal(read, limit) is { } refusal)
                {
                    Console.Error.WriteLine($"error: {path.Name} refused: {refusal}");
                    return 1;
                }
                var readTime = clock.Elapsed;
                var record = import.Complete(read);
                var writeTime = clock.Elapsed - readTime;
                console.MarkupLineInterpolated(
                    $"Imported [green]{record.SongsImported:N0}[/] songs from {path.Name} (schema {read.Schema.Name}, {read.Encoding}): {read.RowsRead:N0} rows, {read.Errors.Count:N0} malformed, {read.Duplicates:N0} repeated ids.");
                console.WriteLine(FormattableString.Invariant(
                    $"Start-up {startup.TotalSeconds:0.00} s, read {readTime.TotalSeconds:0.00} s, written {writeTime.TotalSeconds:0.00} s."));
                if (!read.Schema.IsKnown) console.MarkupLineInterpolated($"Columns: {read.Schema.Columns}");
                console.MarkupLineInterpolated($"Catalog {store.Location} now holds {store.Count():N0} songs.");
                return 0;
            }
        });
        return command;
    }

    private static CatalogReadResult ReadWithProgress(IAnsiConsole console, string path, CatalogReadOptions options)
    {
        CatalogReadResult? result = null;
        console.Progress().Start(ctx =>
        {
            var task = ctx.AddTask("reading", maxValue: 1.0);
            result = CatalogReader.Read(path, options, new Progress<double>(p => task.Value = p));
            task.Value = 1.0;
        });
        return result!;
    }

    private static void ReportErrors(IAnsiConsole console, CatalogReadResult read, int show)
    {
        if (read.InvalidBytes > 0)
            console.MarkupLineInterpolated(
                $"[yellow]{read.InvalidBytes:N0} invalid {read.Encoding} byte sequences replaced by U+FFFD[/] (first on lines {string.Join(", ", read.InvalidByteLines)}): was the file saved in another encoding?");
        if (read.Warnings.Count > 0)
        {
            console.MarkupLineInterpolated($"[yellow]{read.Warnings.Count:N0} rows imported with overlong fields cut short:[/]");
            foreach (var w in read.Warnings.Take(Math.Max(0, show))) console.WriteLine($"  {w}");
            if (read.Warnings.Count > show) console.WriteLine($"  … and {read.Warnings.Count - show:N0} more");
        }
        if (read.Errors.Count == 0) return;
        console.MarkupLineInterpolated($"[yellow]{read.Errors.Count:N0} malformed rows skipped:[/]");
        foreach (var e in read.Errors.Take(Math.Max(0, show))) console.WriteLine($"  {e}");
        if (read.Errors.Count > show) console.WriteLine($"  … and {read.Errors.Count - show:N0} more (--show-errors N lists more)");
    }

    private static Command Stats(IAnsiConsole console)
    {
        var command = new Command("stats", "Songs in the catalog, where they came from, value ranges and a valence/energy histogram");
        command.SetAction(parse =>
        {
            using var store = CatalogDatabase.OpenCatalog(CommonOptions.DatabaseOf(parse));
            var s = store.Statistics();
            console.MarkupLineInterpolated($"Catalog [bold]{store.Location}[/]: [green]{s.SongCount:N0}[/] songs");
            if (s.SongCount == 0)
            {
                console.WriteLine("The catalog is empty. Load one with: circumplex catalog import FILE");
                return 0;
            }
            var imports = new Table().AddColumns("#", "source", "schema", "imported (UTC)", "rows", "songs", "malformed", "repeated");
            foreach (var i in s.Imports)
                imports.AddRow(i.Id.ToString(CultureInfo.InvariantCulture), Markup.Escape(i.Source), Markup.Escape(SchemaName(i.Schema)), i.ImportedAt.ToString("yyyy-MM-dd HH:mm"),
                    i.RowsRead.ToString("N0"), i.SongsImported.ToString("N0"), i.BadRows.ToString("N0"), i.Duplicates.ToString("N0"));
            console.Write(imports);
            foreach (var i in s.Imports.Where(i => i.Schema.Contains(':')))
                console.WriteLine($"  #{i.Id.ToString(CultureInfo.InvariantCulture)} columns: {i.Schema[(i.Schema.IndexOf(':') + 1)..].Trim()}");
            console.WriteLine(FormattableString.Invariant(
                $"valence {s.MinValence:0.000}..{s.MaxValence:0.000}, energy {s.MinEnergy:0.000}..{s.MaxEnergy:0.000}, years {s.MinYear?.ToString() ?? "?"}..{s.MaxYear?.ToString() ?? "?"}"));
            console.Write(Histogram(s));
            return 0;
        });
        return command;
    }

    /// <summary>The schema's name of an import's label ("by-column-names: id=…" → "by-column-names"); the columns are listed below the table.</summary>
    private static string SchemaName(string label) => label.Contains(':') ? label[..label.IndexOf(':')] : label;

    private static Table Histogram(CatalogStatistics s)
    {
        int bins = CatalogStatistics.Bins;
        var table = new Table { Title = new TableTitle("songs per valence (columns) × energy (rows) bin") };
        table.AddColumn("energy \\ valence");
        for (int v = 0; v < bins; v++) table.AddColumn(FormattableString.Invariant($"{(double)v / bins:0.0}–{(double)(v + 1) / bins:0.0}"));
        for (int e = bins - 1; e >= 0; e--)
        {
            var row = new List<string> { FormattableString.Invariant($"{(double)e / bins:0.0}–{(double)(e + 1) / bins:0.0}") };
            for (int v = 0; v < bins; v++) row.Add(s.Histogram[v, e].ToString("N0"));
            table.AddRow(row.ToArray());
        }
        return table;
    }
}
