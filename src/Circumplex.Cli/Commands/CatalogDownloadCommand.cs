using System.CommandLine;
using Circumplex.Music.Download;
using Circumplex.Music.Import;
using Circumplex.Music.Storage;
using Spectre.Console;

namespace Circumplex.Cli.Commands;

/// <summary>
/// `circumplex catalog download [--url URL] [--sha256 HEX] [--output FILE] [--max-size MB] [--timeout S] [--replace] [--no-import]`:
/// fetches a catalog CSV (by default the 114k-track Spotify dataset from Hugging Face), installs it atomically beside
/// the database, then imports it. Offline or failing sources give one clear line and exit 1, never a hang.
/// </summary>
public static class CatalogDownloadCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var url = new Option<string>("--url")
        {
            Description = "CSV to download (any known catalog schema)",
            HelpName = "URL",
            DefaultValueFactory = _ => CatalogDownloadOptions.DefaultUrl,
        };
        var sha256 = new Option<string?>("--sha256") { Description = "Expected SHA-256 of the file (hex); a mismatch discards it", HelpName = "HEX" };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Where to keep the CSV (default: downloads/ beside the database)", HelpName = "FILE" };
        var maxSize = new Option<int>("--max-size") { Description = "Refuse files larger than this many MB", DefaultValueFactory = _ => 512 };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the server to answer, and for each next piece of data", DefaultValueFactory = _ => 30 };
        var replace = new Option<bool>("--replace") { Description = "Remove every song already in the catalog first" };
        var noImport = new Option<bool>("--no-import") { Description = "Only download (and verify) the file" };
        var command = new Command("download", "Download a public Spotify catalog CSV (default: the 114k-track dataset) and import it")
        {
            url, sha256, output, maxSize, timeout, replace, noImport,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!Uri.TryCreate(parse.GetRequiredValue(url), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                throw new ArgumentException($"--url '{parse.GetValue(url)}' is not an http(s) URL");
            int mb = parse.GetValue(maxSize);
            if (mb is < 1 or > 65536) throw new ArgumentException("--max-size must lie in 1..65536 (MB)");
            int seconds = parse.GetValue(timeout);
            if (seconds is < 1 or > 3600) throw new ArgumentException("--timeout must lie in 1..3600 (seconds)");
            string db = CommonOptions.DatabaseOf(parse);
            var options = new CatalogDownloadOptions
            {
                Url = uri,
                Destination = parse.GetValue(output)?.FullName ?? CatalogDownloadOptions.DefaultDestination(
                    // A PostgreSQL catalog has no folder of its own: the download goes where the default file would.
                    CatalogDatabase.IsPostgres(db) ? CatalogDatabase.DefaultFilePath() : db, uri),
                MaxBytes = mb * 1024L * 1024,
                Sha256 = parse.GetValue(sha256),
                ConnectTimeout = TimeSpan.FromSeconds(Math.Min(seconds, 15)),
                ResponseTimeout = TimeSpan.FromSeconds(seconds),
                StallTimeout = TimeSpan.FromSeconds(seconds),
            };

            console.MarkupLineInterpolated($"Downloading {uri} …");
            CatalogDownloadResult result;
            try
            {
                result = console.Profile.Capabilities.Interactive
                    ? await DownloadWithProgress(console, options, cancellationToken)
                    : await new CatalogDownloader().DownloadAsync(options, null, cancellationToken);
            }
            catch (CatalogDownloadException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
            console.MarkupLineInterpolated(
                $"Saved [green]{CatalogDownloader.Size(result.Bytes)}[/] to {result.Path} in {result.Elapsed.TotalSeconds:0.0} s (sha256 {result.Sha256}).");
            if (parse.GetValue(noImport)) return 0;

            CatalogReadResult read;
            try
            {
                read = CatalogReader.Read(result.Path);
            }
            catch (CatalogFormatException e)
            {
                Console.Error.WriteLine($"error: the downloaded file is not a catalog: {e.Message}");
                return 1;
            }
            if (read.Errors.Count > 0)
                console.MarkupLineInterpolated($"[yellow]{read.Errors.Count:N0} malformed rows skipped[/] (first: {read.Errors[0]})");
            if (CatalogImportPolicy.Refusal(read) is { } refusal)
            {
                Console.Error.WriteLine($"error: the downloaded file is refused: {refusal}");
                return 1;
            }
            using var store = CatalogDatabase.OpenCatalog(db);
            var record = store.Import(read, uri.ToString(), parse.GetValue(replace));
            console.MarkupLineInterpolated(
                $"Imported [green]{record.SongsImported:N0}[/] songs (schema {read.Schema.Label}): {read.RowsRead:N0} rows, {read.Errors.Count:N0} malformed, {read.Duplicates:N0} repeated ids.");
            console.MarkupLineInterpolated($"Catalog {store.Location} now holds {store.Count():N0} songs.");
            return 0;
        });
        return command;
    }

    private static async Task<CatalogDownloadResult> DownloadWithProgress(IAnsiConsole console, CatalogDownloadOptions options, CancellationToken ct)
    {
        CatalogDownloadResult? result = null;
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask("download", maxValue: 1);
                var progress = new Progress<DownloadProgress>(p =>
                {
                    if (p.TotalBytes is long total) { task.MaxValue = total; task.Value = p.BytesReceived; }
                    else { task.IsIndeterminate = true; task.MaxValue = Math.Max(task.MaxValue, p.BytesReceived + 1); task.Value = p.BytesReceived; }
                });
                result = await new CatalogDownloader().DownloadAsync(options, progress, ct);
                task.Value = task.MaxValue;
            });
        return result!;
    }
}
