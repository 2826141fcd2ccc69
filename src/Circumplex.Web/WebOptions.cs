namespace Circumplex.Web;

/// <summary>Settings of the web application; every limit has a safe default.</summary>
public sealed record WebOptions
{
    public const string DefaultUrls = "http://127.0.0.1:5000";

    /// <summary>Where to listen, ';'-separated (port 0 picks a free port).</summary>
    public string Urls { get; init; } = DefaultUrls;

    /// <summary>The database holding the catalog and the feedback: a SQLite file (created when missing) or a PostgreSQL URI or keyword string (see CatalogDatabase).</summary>
    public required string DatabasePath { get; init; }

    /// <summary>Largest photo accepted by /api/analyze (SPEC §3: 10 MB).</summary>
    public long MaxPhotoBytes { get; init; } = 10L * 1024 * 1024;

    /// <summary>Largest CSV accepted by /api/catalog/upload (the full 600k tracks.csv is about 110 MB).</summary>
    public long MaxCatalogUploadBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Whether POST /api/catalog/upload (and the page's upload form) may change the catalog. Turn it off when the
    /// server is reachable by people who should not replace the catalog.</summary>
    public bool AllowCatalogUpload { get; init; } = true;

    /// <summary>Largest JSON body (feedback).</summary>
    public long MaxJsonBytes { get; init; } = 64 * 1024;

    /// <summary>Photos analysed at the same time.</summary>
    public int AnalyzeConcurrency { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Photos waiting for a slot; beyond that, 429 with Retry-After.</summary>
    public int AnalyzeQueue { get; init; } = 8;

    /// <summary>Per client address: analyses (POST /api/analyze).</summary>
    public ClientRateLimit AnalyzeRateLimit { get; init; } = new(60, 20);

    /// <summary>Per client address: feedback submissions (POST /api/feedback).</summary>
    public ClientRateLimit FeedbackRateLimit { get; init; } = new(120, 30);

    /// <summary>Per client address: catalog uploads (POST /api/catalog/upload; the operator's only).</summary>
    public ClientRateLimit UploadRateLimit { get; init; } = new(10, 5);

    /// <summary>Slowest request body accepted after a 5-second grace (Kestrel's minimum data rate); slower clients are cut off.</summary>
    public double MinBodyBytesPerSecond { get; init; } = 1024;

    /// <summary>A photo or feedback body must have arrived whole within this long (a catalog upload within 10 minutes).</summary>
    public TimeSpan BodyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Reverse proxies, besides loopback, whose X-Forwarded-For names the client (for per-client limits).</summary>
    public IReadOnlyList<System.Net.IPAddress> TrustedProxies { get; init; } = [];

    /// <summary>Logs as one JSON object a line (for log collectors) instead of plain text.</summary>
    public bool JsonLogs { get; init; }

    /// <summary>How long a stopping server (SIGTERM, Ctrl+C) lets requests in flight finish.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest k accepted by the recommending endpoints.</summary>
    public int MaxK { get; init; } = 100;

    /// <summary>Cells per axis of the emotion-region grid drawn behind the circumplex.</summary>
    public int RegionGridSize { get; init; } = 80;

    /// <summary>At most this many songs' details are kept in memory per catalog version; the rest are read from the catalog store (SQLite or PostgreSQL).</summary>
    public int SongCacheSize { get; init; } = 50_000;

    /// <summary>
    /// Where analysed photos are written (created when missing). Null, the default: photos are processed in memory and
    /// never written anywhere (SPEC §7). When set, the photos the operator analyses (signed in on the page, or with the
    /// Bearer token) are stored, never a visitor's; GET /api/catalog tells each requester whether theirs are.
    /// </summary>
    public string? PhotoStorageDirectory { get; init; }

    /// <summary>
    /// How often each instance compares the catalog generation in the database with its own (on PostgreSQL an import's
    /// notification wakes it at once; this is the fallback). A new generation is swapped in within about this long
    /// plus the time to read the catalog.
    /// </summary>
    public TimeSpan CatalogCheckInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The operator token itself (the CLI passes CIRCUMPLEX_OPERATOR_TOKEN here); at least 16 characters.</summary>
    public string? OperatorToken { get; init; }

    /// <summary>A file holding the operator token, used when <see cref="OperatorToken"/> is not set.</summary>
    public string? OperatorTokenFile { get; init; }

    /// <summary>
    /// The server's own folder: the generated operator token, the keys that seal cookies, upload temporary files. Null:
    /// the SQLite database's folder, or for PostgreSQL the folder of <see cref="Music.Storage.CatalogDatabase.DefaultFilePath"/>.
    /// Instances behind one load balancer that should accept each other's operator cookies share it.
    /// </summary>
    public string? DataDirectory { get; init; }

    /// <summary>
    /// Host names the server answers to (the Host header; ASP.NET Core's host filtering), against DNS rebinding. Null:
    /// localhost, 127.0.0.1 and [::1] when every URL is on loopback, else any host.
    /// </summary>
    public IReadOnlyList<string>? AllowedHosts { get; init; }

    /// <summary>The data folder as used: <see cref="DataDirectory"/> or the one beside the database.</summary>
    public string ResolvedDataDirectory()
    {
        if (!string.IsNullOrWhiteSpace(DataDirectory)) return Path.GetFullPath(DataDirectory);
        string file = Music.Storage.CatalogDatabase.IsPostgres(DatabasePath) ? Music.Storage.CatalogDatabase.DefaultFilePath() : DatabasePath;
        return Path.GetDirectoryName(Path.GetFullPath(file))!;
    }

    /// <summary>The allowed hosts as used: <see cref="AllowedHosts"/>, or those that <see cref="Urls"/> imply.</summary>
    public IReadOnlyList<string> ResolvedAllowedHosts()
    {
        if (AllowedHosts is { Count: > 0 } given) return given;
        foreach (var url in Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int start = url.IndexOf("://", StringComparison.Ordinal) + 3;
            string rest = url[start..];
            string host = rest.StartsWith('[') ? rest[..(rest.IndexOf(']') + 1)] : rest.Split(':', '/')[0];
            if (host is not ("127.0.0.1" or "localhost" or "[::1]")) return ["*"];
        }
        return ["localhost", "127.0.0.1", "[::1]"];
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> for a setting the server cannot run with, and <see cref="IOException"/> when
    /// <see cref="PhotoStorageDirectory"/> cannot be written to. <see cref="CircumplexWebApp.Create"/> calls it; call it
    /// yourself to fail before slow work such as loading a model.
    /// </summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DatabasePath)) throw new ArgumentException("the database path is empty");
        var urls = Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (urls.Length == 0) throw new ArgumentException("no URL to listen on");
        foreach (var url in urls)
        {
            // Kestrel's wildcard hosts (http://*:5000, http://+:5000) are not valid URI hosts: check the rest.
            string checkable = url.Replace("://*", "://any", StringComparison.Ordinal).Replace("://+", "://any", StringComparison.Ordinal);
            if (!Uri.TryCreate(checkable, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                throw new ArgumentException($"'{url}' is not a URL to listen on, such as http://127.0.0.1:5000");
        }
        if (MaxPhotoBytes <= 0 || MaxCatalogUploadBytes <= 0 || MaxJsonBytes <= 0) throw new ArgumentException("size limits must be positive");
        if (AnalyzeConcurrency < 1) throw new ArgumentException("analyse concurrency must be at least 1");
        if (AnalyzeQueue < 0) throw new ArgumentException("the analyse queue cannot be negative");
        if (MaxK is < 1 or > 10_000) throw new ArgumentException("the largest k must lie in 1..10000");
        if (RegionGridSize is < 4 or > 400) throw new ArgumentException("the region grid must have 4..400 cells per axis");
        if (CatalogCheckInterval <= TimeSpan.Zero || CatalogCheckInterval > TimeSpan.FromMinutes(10)) throw new ArgumentException("the catalog check interval must lie in (0, 10 min]");
        AnalyzeRateLimit.Validate("analyse");
        FeedbackRateLimit.Validate("feedback");
        UploadRateLimit.Validate("upload");
        if (MinBodyBytesPerSecond is < 1 or > 1e9) throw new ArgumentException("the minimum body data rate must lie in 1..1e9 bytes a second");
        if (BodyTimeout <= TimeSpan.Zero) throw new ArgumentException("the body timeout must be positive");
        if (SongCacheSize < 0) throw new ArgumentException("the song cache size cannot be negative");
        if (PhotoStorageDirectory is not null)
        {
            if (string.IsNullOrWhiteSpace(PhotoStorageDirectory)) throw new ArgumentException("the photo storage directory is empty");
            PhotoStore.EnsureWritable(PhotoStorageDirectory);
        }
    }
}
