using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Circumplex.Music.Download;
using Circumplex.Music.Import;
using Xunit;

namespace Circumplex.Tests.Music.Download;

public class CatalogDownloaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("circumplex-download-").FullName;
    private readonly byte[] _csv;

    public CatalogDownloaderTests()
    {
        string path = Path.Combine(_dir, "generated.csv");
        SyntheticCatalog.Write(path, 3000, seed: 7);
        _csv = File.ReadAllBytes(path);
        File.Delete(path);
    }

    public void Dispose() => Directory.Delete(_dir, true);

    private string Destination => Path.Combine(_dir, "downloads", "dataset.csv");

    private CatalogDownloadOptions Options(Uri url) => new()
    {
        Url = url,
        Destination = Destination,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        ResponseTimeout = TimeSpan.FromSeconds(5),
        StallTimeout = TimeSpan.FromSeconds(1),
    };

    private void AssertNoLeftovers()
    {
        var dir = Path.GetDirectoryName(Destination)!;
        if (Directory.Exists(dir)) Assert.Empty(Directory.GetFiles(dir, "*.part"));
    }

    private LocalHttpServer Serve() => new(async (path, s, ct) =>
    {
        switch (path)
        {
            case "/dataset.csv": await LocalHttpServer.Respond(s, 200, "text/csv", _csv, ct: ct); break;
            case "/chunked.csv": await LocalHttpServer.Respond(s, 200, "application/octet-stream", _csv, contentLength: null, ct: ct); break;
            case "/page": await LocalHttpServer.Respond(s, 200, "text/html; charset=utf-8", "<html>login</html>"u8.ToArray(), ct: ct); break;
            case "/short.csv": await LocalHttpServer.Respond(s, 200, "text/csv", _csv[..1000], contentLength: _csv.Length, ct: ct); break;
            case "/stall.csv":
                await LocalHttpServer.Respond(s, 200, "text/csv", _csv[..100], contentLength: _csv.Length, ct: ct);
                await Task.Delay(TimeSpan.FromSeconds(30), ct);
                break;
            case "/huge-declared.csv": await LocalHttpServer.Respond(s, 200, "text/csv", [], contentLength: 10L << 30, ct: ct); break;
            default: await LocalHttpServer.Respond(s, 404, "text/plain", "not found"u8.ToArray(), ct: ct); break;
        }
    });

    [Fact]
    public async Task Downloads_with_progress_verifies_the_checksum_and_installs_atomically()
    {
        await using var server = Serve();
        var reports = new List<DownloadProgress>();
        string sha = Convert.ToHexStringLower(SHA256.HashData(_csv));
        var result = await new CatalogDownloader().DownloadAsync(
            Options(server.Url("/dataset.csv")) with { Sha256 = sha.ToUpperInvariant() },
            new SyncProgress<DownloadProgress>(reports.Add), TestContext.Current.CancellationToken);

        Assert.Equal(Path.GetFullPath(Destination), result.Path);
        Assert.Equal(_csv.Length, result.Bytes);
        Assert.Equal(sha, result.Sha256);
        Assert.Equal(_csv, File.ReadAllBytes(Destination));
        Assert.NotEmpty(reports);
        Assert.Equal(new DownloadProgress(_csv.Length, _csv.Length), reports[^1]);
        Assert.Equal(1.0, reports[^1].Fraction);
        Assert.Equal(3000, CatalogReader.Read(result.Path).Songs.Count);
        AssertNoLeftovers();
    }

    [Fact]
    public async Task A_response_without_length_is_streamed_too()
    {
        await using var server = Serve();
        var result = await new CatalogDownloader().DownloadAsync(Options(server.Url("/chunked.csv")), null, TestContext.Current.CancellationToken);
        Assert.Equal(_csv, File.ReadAllBytes(result.Path));
    }

    [Fact]
    public async Task A_checksum_mismatch_discards_the_file_and_keeps_the_old_one()
    {
        await using var server = Serve();
        Directory.CreateDirectory(Path.GetDirectoryName(Destination)!);
        File.WriteAllText(Destination, "previous catalog");
        var e = await Assert.ThrowsAsync<CatalogDownloadException>(() => new CatalogDownloader().DownloadAsync(
            Options(server.Url("/dataset.csv")) with { Sha256 = new string('0', 64) }, null, TestContext.Current.CancellationToken));
        Assert.Contains("SHA-256 mismatch", e.Message);
        Assert.Equal("previous catalog", File.ReadAllText(Destination));
        AssertNoLeftovers();
    }

    [Fact]
    public async Task Too_large_responses_are_refused_up_front_or_stopped_midway()
    {
        await using var server = Serve();
        var declared = await Assert.ThrowsAsync<CatalogDownloadException>(() => new CatalogDownloader().DownloadAsync(
            Options(server.Url("/huge-declared.csv")), null, TestContext.Current.CancellationToken));
        Assert.Contains("over the 512 MB limit", declared.Message);

        var streamed = await Assert.ThrowsAsync<CatalogDownloadException>(() => new CatalogDownloader().DownloadAsync(
            Options(server.Url("/chunked.csv")) with { MaxBytes = 50_000 }, null, TestContext.Current.CancellationToken));
        Assert.Contains("passed the 48.8 KB limit", streamed.Message);
        Assert.False(File.Exists(Destination));
        AssertNoLeftovers();
    }

    [Theory]
    [InlineData("/missing.csv", "answered 404")]
    [InlineData("/page", "sent a web page (text/html)")]
    [InlineData("/short.csv", "closed after")]
    public async Task Http_failures_are_one_clear_sentence(string path, string expected)
    {
        await using var server = Serve();
        var e = await Assert.ThrowsAsync<CatalogDownloadException>(() => new CatalogDownloader().DownloadAsync(
            Options(server.Url(path)), null, TestContext.Current.CancellationToken));
        Assert.Contains(expected, e.Message);
        Assert.False(File.Exists(Destination));
        AssertNoLeftovers();
    }

    [Fact]
    public async Task A_stalled_body_times_out_instead_of_hanging()
    {
        await using var server = Serve();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<CatalogDownloadException>(() => new CatalogDownloader().DownloadAsync(
            Options(server.Url("/stall.csv")), null, TestContext.Current.CancellationToken));
        Assert.Contains("no data from 127.0.0.1 for 1 s", e.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        AssertNoLeftovers();
    }

    [Fact]
    public async Task An_unreachable_server_is_a_clear_error_not_a_hang()
    {
        // A port that was free a moment ago: nothing listens there.
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<CatalogDownloadException>(() => new CatalogDownloader().DownloadAsync(
            Options(new Uri($"http://127.0.0.1:{port}/dataset.csv")), null, TestContext.Current.CancellationToken));
        Assert.Contains("refused the connection", e.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
        Assert.False(File.Exists(Destination));
    }

    [Fact]
    public async Task An_unresolvable_host_says_so()
    {
        var e = await Assert.ThrowsAsync<CatalogDownloadException>(() => new CatalogDownloader().DownloadAsync(
            Options(new Uri("http://circumplex-test.invalid/dataset.csv")), null, TestContext.Current.CancellationToken));
        Assert.True(e.Message.Contains("cannot resolve circumplex-test.invalid") || e.Message.Contains("cannot reach") || e.Message.Contains("did not answer"), e.Message);
    }

    [Fact]
    public async Task Only_http_urls_and_real_digests_are_accepted()
    {
        var d = new CatalogDownloader();
        var ct = TestContext.Current.CancellationToken;
        await Assert.ThrowsAsync<CatalogDownloadException>(() => d.DownloadAsync(Options(new Uri("file:///etc/passwd")), null, ct));
        await Assert.ThrowsAsync<ArgumentException>(() => d.DownloadAsync(Options(new Uri("http://127.0.0.1/x.csv")) with { Sha256 = "abc" }, null, ct));
    }

    [Fact]
    public void The_default_destination_sits_beside_the_database()
    {
        var url = new Uri(CatalogDownloadOptions.DefaultUrl);
        Assert.Equal(Path.GetFullPath("/data/circumplex/downloads/dataset.csv"), CatalogDownloadOptions.DefaultDestination("/data/circumplex/circumplex.db", url));
        Assert.EndsWith(Path.Combine("downloads", "catalog.csv"), CatalogDownloadOptions.DefaultDestination("/x/c.db", new Uri("http://h/")));
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; tests want the reports in order and complete.</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value)
        {
            lock (this) report(value);
        }
    }
}
