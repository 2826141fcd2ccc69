using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Circumplex.Music.Download;

/// <summary>A download failed (unreachable host, HTTP error, too large, timeout, checksum mismatch); nothing was installed.</summary>
public sealed class CatalogDownloadException(string message, Exception? inner = null) : IOException(message, inner);

/// <summary>Bytes received so far and, when the server said, how many there are in all.</summary>
public readonly record struct DownloadProgress(long BytesReceived, long? TotalBytes)
{
    public double? Fraction => TotalBytes is > 0 ? Math.Min(1.0, (double)BytesReceived / TotalBytes.Value) : null;
}

/// <summary>What to download and the limits to keep while doing it.</summary>
public sealed record CatalogDownloadOptions
{
    /// <summary>Hugging Face's copy of the 114k-track Spotify dataset ("maharshipandya/spotify-tracks-dataset"), about 20 MB.</summary>
    public const string DefaultUrl = "https://huggingface.co/datasets/maharshipandya/spotify-tracks-dataset/resolve/main/dataset.csv";

    public const long DefaultMaxBytes = 512L * 1024 * 1024;

    public required Uri Url { get; init; }
    /// <summary>Where the file ends up; it appears there only complete and verified (written beside it, then renamed).</summary>
    public required string Destination { get; init; }
    /// <summary>Refuse (and stop) a response larger than this.</summary>
    public long MaxBytes { get; init; } = DefaultMaxBytes;
    /// <summary>Expected SHA-256 of the file, hex; null skips the check.</summary>
    public string? Sha256 { get; init; }
    /// <summary>Time to resolve the host and connect.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);
    /// <summary>Time from sending the request to the response headers.</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Longest wait for the next bytes of the body.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Limit on the whole download.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The default place for a downloaded catalog: a <c>downloads</c> folder beside the database.</summary>
    public static string DefaultDestination(string databasePath, Uri url)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(databasePath)) ?? ".";
        string name = Path.GetFileName(Uri.UnescapeDataString(url.AbsolutePath));
        if (string.IsNullOrWhiteSpace(name) || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0) name = "catalog.csv";
        return Path.Combine(dir, "downloads", name);
    }
}

/// <summary>What was installed.</summary>
public sealed record CatalogDownloadResult(string Path, long Bytes, string Sha256, Uri Url, TimeSpan Elapsed);

/// <summary>
/// Downloads a catalog CSV over HTTP(S): streamed to a temporary file beside the destination (never held in
/// memory), hashed on the way, checked against a size limit and an optional SHA-256, then renamed into place so that
/// the destination is either the old file or the complete new one. Every failure is a
/// <see cref="CatalogDownloadException"/> with one clear sentence; every wait has a timeout.
/// </summary>
public sealed class CatalogDownloader
{
    private readonly HttpClient? _client;

    /// <summary>Uses <paramref name="client"/> when given (its connect timeout is then the caller's); otherwise each
    /// download gets its own client with the options' connect timeout.</summary>
    public CatalogDownloader(HttpClient? client = null)
    {
        _client = client;
    }

    public static HttpClient CreateClient(TimeSpan connectTimeout)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = connectTimeout,
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 10,
            AutomaticDecompression = DecompressionMethods.All,
        };
        var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("circumplex", "1.0"));
        return client;
    }

    public async Task<CatalogDownloadResult> DownloadAsync(CatalogDownloadOptions options, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var url = options.Url;
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            throw new CatalogDownloadException($"'{url}' is not an http(s) URL");
        if (options.MaxBytes <= 0) throw new ArgumentOutOfRangeException(nameof(options), options.MaxBytes, "the size limit must be positive");
        string? expected = NormaliseSha256(options.Sha256);
        string destination = Path.GetFullPath(options.Destination);
        string dir = Path.GetDirectoryName(destination)!;
        Directory.CreateDirectory(dir);
        string temp = Path.Combine(dir, $".{Path.GetFileName(destination)}.{Guid.NewGuid():N}.part");
        var watch = Stopwatch.StartNew();
        using var ownClient = _client is null ? CreateClient(options.ConnectTimeout) : null;
        var client = _client ?? ownClient!;

        using var total = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        total.CancelAfter(options.TotalTimeout);
        string host = url.Host;
        try
        {
            HttpResponseMessage response;
            using (var headers = CancellationTokenSource.CreateLinkedTokenSource(total.Token))
            {
                headers.CancelAfter(options.ResponseTimeout + options.ConnectTimeout);
                try
                {
                    response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, headers.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && !total.IsCancellationRequested)
                {
                    throw new CatalogDownloadException($"{host} did not answer within {Seconds(options.ResponseTimeout + options.ConnectTimeout)}: stopped (are you offline?)");
                }
            }
            using (response)
            {
                if (!response.IsSuccessStatusCode)
                    throw new CatalogDownloadException($"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}: nothing downloaded");
                var mediaType = response.Content.Headers.ContentType?.MediaType;
                if (mediaType is "text/html" or "application/xhtml+xml")
                    throw new CatalogDownloadException($"{url} sent a web page ({mediaType}), not a CSV file: check the URL");
                long? length = response.Content.Headers.ContentLength;
                if (length > options.MaxBytes)
                    throw new CatalogDownloadException($"the file is {Size(length.Value)}, over the {Size(options.MaxBytes)} limit: nothing downloaded");
                progress?.Report(new DownloadProgress(0, length));

                long received = 0;
                string actual;
                await using (var body = await response.Content.ReadAsStreamAsync(total.Token).ConfigureAwait(false))
                await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
                using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
                {
                    var buffer = new byte[1 << 16];
                    long lastReport = 0;
                    using var stall = CancellationTokenSource.CreateLinkedTokenSource(total.Token);
                    while (true)
                    {
                        stall.CancelAfter(options.StallTimeout);
                        int n;
                        try
                        {
                            n = await body.ReadAsync(buffer, stall.Token).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException) when (!total.IsCancellationRequested)
                        {
                            throw new CatalogDownloadException($"no data from {host} for {Seconds(options.StallTimeout)} after {Size(received)}: stopped");
                        }
                        catch (IOException e)
                        {
                            string of = length is long l ? $" of {Size(l)}" : "";
                            throw new CatalogDownloadException($"the connection closed after {Size(received)}{of} ({e.Message}): nothing installed", e);
                        }
                        if (n == 0) break;
                        received += n;
                        if (received > options.MaxBytes)
                            throw new CatalogDownloadException($"the download passed the {Size(options.MaxBytes)} limit: stopped, nothing installed");
                        sha.AppendData(buffer, 0, n);
                        await file.WriteAsync(buffer.AsMemory(0, n), total.Token).ConfigureAwait(false);
                        if (progress is not null && received - lastReport >= 256 * 1024)
                        {
                            progress.Report(new DownloadProgress(received, length));
                            lastReport = received;
                        }
                    }
                    if (length is long expectedLength && received != expectedLength)
                        throw new CatalogDownloadException($"the connection closed after {Size(received)} of {Size(expectedLength)}: nothing installed");
                    if (received == 0) throw new CatalogDownloadException($"{url} sent an empty file: nothing installed");
                    await file.FlushAsync(total.Token).ConfigureAwait(false);
                    file.Flush(flushToDisk: true);
                    actual = Convert.ToHexStringLower(sha.GetHashAndReset());
                    progress?.Report(new DownloadProgress(received, length ?? received));
                }
                if (expected is not null && expected != actual)
                    throw new CatalogDownloadException($"SHA-256 mismatch: expected {expected}, got {actual}; the file was discarded");
                File.Move(temp, destination, overwrite: true);
                return new CatalogDownloadResult(destination, received, actual, url, watch.Elapsed);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException e)
        {
            throw new CatalogDownloadException($"the download took longer than {Seconds(options.TotalTimeout)}: stopped", e);
        }
        catch (HttpRequestException e)
        {
            throw new CatalogDownloadException(Describe(e, host), e);
        }
        catch (IOException e) when (e is not CatalogDownloadException)
        {
            // A reset connection mid-body surfaces as IOException; a full disk too.
            throw new CatalogDownloadException($"download from {host} failed: {e.Message}", e);
        }
        finally
        {
            try { if (File.Exists(temp)) File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static string Describe(HttpRequestException e, string host)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException s)
            {
                return s.SocketErrorCode switch
                {
                    SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData =>
                        $"cannot resolve {host} ({s.Message}): are you offline? Use --url for another source, or import a local file with 'circumplex catalog import FILE'",
                    SocketError.ConnectionRefused => $"{host} refused the connection: is the server running?",
                    SocketError.TimedOut => $"connecting to {host} timed out: are you offline?",
                    _ => $"cannot reach {host} ({s.Message}): are you offline? Use --url for another source, or import a local file with 'circumplex catalog import FILE'",
                };
            }
            if (inner is TimeoutException) return $"connecting to {host} timed out: are you offline?";
            if (inner is System.Security.Authentication.AuthenticationException a) return $"the TLS handshake with {host} failed: {a.Message}";
        }
        return $"download from {host} failed: {e.Message}";
    }

    private static string? NormaliseSha256(string? hex)
    {
        if (string.IsNullOrWhiteSpace(hex)) return null;
        hex = hex.Trim().ToLowerInvariant();
        if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
            throw new ArgumentException($"'{hex}' is not a SHA-256 digest (64 hex digits)");
        return hex;
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => ((double)bytes / 1024).ToString("0.#", CultureInfo.InvariantCulture) + " KB",
        _ => ((double)bytes / (1024 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
    };
}
