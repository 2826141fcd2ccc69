using System.CommandLine;
using Circumplex.Music.Storage;
using Circumplex.Web;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace Circumplex.Cli.Commands;

/// <summary>
/// `circumplex serve [--urls URL] [--db PATH] [--model FILE] [--store-photos DIR] [--operator-token-file FILE]`: the web application (SPEC §7) until Ctrl+C.
/// The affect model comes from <c>modelLoader</c>, given by the program that owns the model code, so this command
/// never needs TorchSharp or OpenCV itself.
/// </summary>
public static class ServeCommand
{
    /// <param name="modelLoader">Loads the photo analyzer for --model FILE (null when the option was not given: it may
    /// load a default model, or return null to serve without one); throws a user-facing exception for a bad file.
    /// Null: --model is refused and the server runs without a model.</param>
    public static Command Create(IAnsiConsole console, Func<string?, long, IPhotoAnalyzer?>? modelLoader)
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Where to listen, ';'-separated (port 0 picks a free port)",
            HelpName = "URL",
            DefaultValueFactory = _ => WebOptions.DefaultUrls,
        };
        var model = new Option<FileInfo?>("--model") { Description = "A trained affect model file (for POST /api/analyze and the Capture button)", HelpName = "FILE" };
        var maxPhoto = new Option<int>("--max-photo-mb") { Description = "Largest photo accepted, in MB", DefaultValueFactory = _ => 10 };
        var maxUpload = new Option<int>("--max-upload-mb") { Description = "Largest catalog CSV accepted by the upload form, in MB", DefaultValueFactory = _ => 256 };
        var concurrency = new Option<int>("--analyze-concurrency")
        {
            Description = "Photos analysed at once (more wait in a short queue, then get 429)",
            DefaultValueFactory = _ => Math.Max(1, Environment.ProcessorCount),
        };
        var noUpload = new Option<bool>("--no-upload") { Description = "Refuse catalog uploads from the page and POST /api/catalog/upload" };
        var storePhotos = new Option<DirectoryInfo?>("--store-photos")
        {
            Description = "Keep every analysed photo in DIR (created when missing); the page tells users. Default: photos are never written",
            HelpName = "DIR",
        };
        var tokenFile = new Option<FileInfo?>("--operator-token-file")
        {
            Description = $"A file holding the operator token (when ${Circumplex.Web.Operator.OperatorToken.EnvironmentVariable} is not set). Default: generated on first start in the data folder",
            HelpName = "FILE",
        };
        var dataDir = new Option<DirectoryInfo?>("--data-dir")
        {
            Description = "The server's folder (operator token, cookie keys, upload temporary files). Default: the SQLite database's folder",
            HelpName = "DIR",
        };
        var allowedHosts = new Option<string?>("--allowed-hosts")
        {
            Description = "Host names to answer to, ';'-separated (default: loopback names when listening on loopback, else any)",
            HelpName = "HOSTS",
        };
        var trustedProxy = new Option<string[]>("--trusted-proxy")
        {
            Description = "A reverse proxy (IP address) whose X-Forwarded-For names the client, for per-client limits; loopback is always trusted",
            HelpName = "IP",
            AllowMultipleArgumentsPerToken = false,
        };
        Option<string?> Rate(string name, string what, ClientRateLimit d) => new($"--{name}-rate")
        {
            Description = $"Per client address: {what} a minute, and the burst (default {d.PerMinute}/{d.Burst}); 429 + Retry-After beyond",
            HelpName = "N/BURST",
        };
        var defaults = new WebOptions { DatabasePath = "-" };
        var analyzeRate = Rate("analyze", "analyses", defaults.AnalyzeRateLimit);
        var feedbackRate = Rate("feedback", "feedback submissions", defaults.FeedbackRateLimit);
        var uploadRate = Rate("upload", "catalog uploads", defaults.UploadRateLimit);
        var memoryBudget = new Option<int>("--memory-budget-mb")
        {
            Description = "Resident size above which memory that analyses freed is handed back at once (at most once a second) instead of after 2 s without analyses; 0: only then",
            HelpName = "MB",
            DefaultValueFactory = _ => (int)(Circumplex.Analysis.PhotoAffectAnalyzer.DefaultMemoryBudget >> 20),
        };
        var noModel = new Option<bool>("--no-model") { Description = "Serve without an affect model (no analysis; the page recommends by dragging the point)" };
        var jsonLogs = new Option<bool>("--json-logs") { Description = "Log one JSON object a line (for log collectors)" };
        var command = new Command("serve", "Run the web application: camera page, circumplex, songs, feedback, JSON API (/openapi/v1.json)")
        {
            urls, model, maxPhoto, maxUpload, concurrency, noUpload, storePhotos, tokenFile, dataDir, allowedHosts, trustedProxy, jsonLogs, memoryBudget, noModel, analyzeRate, feedbackRate, uploadRate,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string db = CommonOptions.DatabaseOf(parse);
            var modelFile = parse.GetValue(model);
            var loader = modelLoader;
            if (modelFile is not null && loader is null)
                throw new InvalidOperationException("this build of circumplex cannot load affect models: run 'circumplex serve' without --model");
            if (modelFile is not null && !modelFile.Exists) throw new FileNotFoundException($"model file not found: {modelFile.FullName}", modelFile.FullName);
            if (parse.GetValue(maxPhoto) is < 1 or > 1024) throw new ArgumentOutOfRangeException("--max-photo-mb", "--max-photo-mb must lie in 1..1024");
            if (parse.GetValue(maxUpload) is < 1 or > 16384) throw new ArgumentOutOfRangeException("--max-upload-mb", "--max-upload-mb must lie in 1..16384");
            if (parse.GetValue(concurrency) is < 1 or > 256) throw new ArgumentOutOfRangeException("--analyze-concurrency", "--analyze-concurrency must lie in 1..256");

            var options = new WebOptions
            {
                Urls = parse.GetRequiredValue(urls),
                DatabasePath = db,
                MaxPhotoBytes = parse.GetValue(maxPhoto) * 1024L * 1024,
                MaxCatalogUploadBytes = parse.GetValue(maxUpload) * 1024L * 1024,
                AnalyzeConcurrency = parse.GetValue(concurrency),
                AllowCatalogUpload = !parse.GetValue(noUpload),
                PhotoStorageDirectory = parse.GetValue(storePhotos)?.FullName,
                OperatorToken = Environment.GetEnvironmentVariable(Circumplex.Web.Operator.OperatorToken.EnvironmentVariable),
                OperatorTokenFile = parse.GetValue(tokenFile)?.FullName,
                DataDirectory = parse.GetValue(dataDir)?.FullName,
                JsonLogs = parse.GetValue(jsonLogs),
                AnalyzeRateLimit = ParseRate(parse.GetValue(analyzeRate), "--analyze-rate", defaults.AnalyzeRateLimit),
                FeedbackRateLimit = ParseRate(parse.GetValue(feedbackRate), "--feedback-rate", defaults.FeedbackRateLimit),
                UploadRateLimit = ParseRate(parse.GetValue(uploadRate), "--upload-rate", defaults.UploadRateLimit),
                AllowedHosts = parse.GetValue(allowedHosts)?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                TrustedProxies = (parse.GetValue(trustedProxy) ?? []).Select(ip => System.Net.IPAddress.TryParse(ip, out var a)
                    ? a : throw new ArgumentException($"--trusted-proxy '{ip}' is not an IP address")).ToArray(),
            };
            // A bad --store-photos or --urls is reported before the model takes seconds to load.
            options.Validate();
            if (modelFile is not null && parse.GetValue(noModel)) throw new ArgumentException("--model and --no-model exclude each other");
            int budgetMb = parse.GetValue(memoryBudget);
            if (budgetMb < 0) throw new ArgumentException($"--memory-budget-mb {budgetMb} is negative (0 turns the budget off)");
            IPhotoAnalyzer? analyzer = parse.GetValue(noModel) ? null : loader?.Invoke(modelFile?.FullName, (long)budgetMb << 20);
            await using var app = CircumplexWebApp.Create(options, analyzer);
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (IOException e)
            {
                // Kestrel: "Failed to bind to address http://127.0.0.1:5000: address already in use."
                throw new IOException($"{e.Message} Pass --urls http://127.0.0.1:PORT to use another port.", e);
            }
            string status = app.CatalogSummary();
            foreach (var address in app.ListeningAddresses()) console.MarkupLineInterpolated($"Circumplex is listening on [link]{address}[/]");
            console.MarkupLineInterpolated($"Catalog {CatalogDatabase.Describe(db)}: {status}");
            console.MarkupLineInterpolated($"Model: {(analyzer is null ? "none (the page works by dragging the point; POST /api/analyze answers 503)" : analyzer.ModelName)}");
            string photos = options.PhotoStorageDirectory is { } dir
                ? $"Analysed photos are stored in {dir} (--store-photos)."
                : "Photos are processed in memory and never stored.";
            console.MarkupLineInterpolated($"{photos}");
            console.MarkupLineInterpolated($"Operator token (catalog upload, feedback export, metrics): {app.OperatorTokenOrigin()}. Press Ctrl+C to stop.");
            // Stops on Ctrl+C / SIGTERM (the host's own handler, or System.CommandLine's cancellation).
            await app.WaitForShutdownAsync(cancellationToken);
            (analyzer as IDisposable)?.Dispose();
            return 0;
        });
        return command;
    }

    /// <summary>"120" (burst as large) or "120/30".</summary>
    private static ClientRateLimit ParseRate(string? text, string option, ClientRateLimit fallback)
    {
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        var parts = text.Split('/', StringSplitOptions.TrimEntries);
        if (parts.Length is < 1 or > 2
            || !int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int perMinute)
            || (parts.Length == 2 ? !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int burst) : (burst = perMinute) < 0))
            throw new ArgumentException($"{option} '{text}' is not N or N/BURST, such as 120/30");
        var limit = new ClientRateLimit(perMinute, burst);
        limit.Validate(option);
        return limit;
    }
}
