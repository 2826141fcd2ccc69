using System.Diagnostics;
using System.Net;
using System.Text;
using Circumplex.Music.Import;
using Circumplex.Music.Storage;
using Circumplex.Tests.Postgres;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace Circumplex.Web.Tests;

/// <summary>Recommends many times from several tasks and counts what did not answer 200.</summary>
internal sealed class RecommendLoad : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _workers;
    private readonly List<string> _failures = [];
    private int _served;

    public RecommendLoad(HttpClient client, int workers = 3)
    {
        _workers = Enumerable.Range(0, workers).Select(i => Task.Run(async () =>
        {
            var rng = new Random(i);
            while (!_stop.IsCancellationRequested)
            {
                var r = await client.GetAsync(FormattableString.Invariant($"/api/recommend?valence={rng.NextDouble() * 2 - 1:0.###}&arousal={rng.NextDouble() * 2 - 1:0.###}"));
                if (r.StatusCode != HttpStatusCode.OK)
                {
                    string body = await r.Content.ReadAsStringAsync();
                    lock (_failures) _failures.Add($"{(int)r.StatusCode}: {body}");
                }
                Interlocked.Increment(ref _served);
            }
        })).ToArray();
    }

    public int Served => Volatile.Read(ref _served);

    public async Task<(int Served, IReadOnlyList<string> Failures)> StopAsync()
    {
        _stop.Cancel();
        await Task.WhenAll(_workers);
        lock (_failures) return (Served, [.. _failures]);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await StopAsync();
        _stop.Dispose();
    }
}

public static class CatalogWait
{
    /// <summary>Polls /api/catalog until it reports the generation; returns how long that took.</summary>
    public static async Task<TimeSpan> ForGeneration(HttpClient client, long generation, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var c = await Http.Ok<CatalogStatusResponse>(await client.Get("/api/catalog"));
            if (c.Generation >= generation) return clock.Elapsed;
            Assert.True(clock.Elapsed < limit, $"still at generation {c.Generation} after {clock.Elapsed.TotalSeconds:0.0} s, expected {generation}");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    public static string SmallCatalog(string path, int songs, int seed)
    {
        SyntheticCatalog.Write(path, songs, seed);
        return path;
    }
}

/// <summary>A catalog replaced by another process on the same SQLite file is seen within a second, never with a 500.</summary>
public class CatalogGenerationTests
{
    [Fact]
    public async Task A_command_line_replace_while_serving_is_swapped_in_within_two_seconds_with_no_5xx()
    {
        await using var host = await TestServerHost.StartAsync(null);
        var before = await Http.Ok<CatalogStatusResponse>(await host.Client.Get("/api/catalog"));
        Assert.Equal(5000, before.SongCount);
        string oldSong = (await Http.Ok<RecommendResponse>(await host.Client.Get("/api/recommend?valence=0&arousal=0&k=1"))).Songs[0].Id;
        var small = CatalogReader.Read(CatalogWait.SmallCatalog(Path.Combine(host.Folder, "small.csv"), 40, 7));

        await using var load = new RecommendLoad(host.Client);
        while (load.Served < 100) await Task.Delay(10, TestContext.Current.CancellationToken);
        // What `circumplex catalog import --replace small.csv` does, from its own connection (as another process would).
        using (var cli = new SqliteCatalogStore(host.DatabasePath)) cli.Import(small, "small.csv", replaceExisting: true);
        var seen = await CatalogWait.ForGeneration(host.Client, before.Generation + 1, TimeSpan.FromSeconds(2));
        int at = load.Served;
        while (load.Served < at + 200) await Task.Delay(10, TestContext.Current.CancellationToken);
        var (served, failures) = await load.StopAsync();

        Assert.True(failures.Count == 0, $"{failures.Count} of {served} failed, first: {failures.FirstOrDefault()}");
        Assert.True(served >= 300, $"only {served} requests");
        Assert.True(seen < TimeSpan.FromSeconds(1.5), $"seen after {seen.TotalSeconds:0.00} s");
        var after = await Http.Ok<CatalogStatusResponse>(await host.Client.Get("/api/catalog"));
        Assert.Equal(40, after.SongCount);
        var ids = small.Songs.Select(s => s.Id).ToHashSet();
        var rec = await Http.Ok<RecommendResponse>(await host.Client.Get("/api/recommend?valence=0.3&arousal=-0.2&k=100&maxPerArtist=0"));
        Assert.Equal(40, rec.Songs.Count);
        Assert.All(rec.Songs, s => Assert.Contains(s.Id, ids));

        // A vote for a song of the old catalog gets a clear 409, not a 500 or a silent 422.
        var p = await Http.Problem(await host.Client.PostJson("/api/feedback", $$"""{"valence": 0, "arousal": 0, "songs": [{"songId": "{{oldSong}}", "vote": "up"}]}"""),
            HttpStatusCode.Conflict, "the catalog may have been replaced since the songs were shown");
        Assert.Equal(oldSong, p.GetProperty("songId").GetString());
    }

    [Fact]
    public async Task A_request_that_meets_a_replaced_catalog_before_the_watcher_does_switches_at_once()
    {
        // The watcher looks only every 10 minutes here: the request itself must notice the missing songs and swap.
        await using var host = await TestServerHost.StartAsync(null, configure: o => o with { CatalogCheckInterval = TimeSpan.FromMinutes(10) });
        await Task.Delay(100, TestContext.Current.CancellationToken); // the watcher's first look is done
        var small = CatalogReader.Read(CatalogWait.SmallCatalog(Path.Combine(host.Folder, "small.csv"), 10, 8));
        using (var cli = new SqliteCatalogStore(host.DatabasePath)) cli.Import(small, "small.csv", replaceExisting: true);
        var rec = await Http.Ok<RecommendResponse>(await host.Client.Get("/api/recommend?valence=0&arousal=0&k=10"));
        Assert.Equal(small.Songs.Select(s => s.Id).Order(StringComparer.Ordinal), rec.Songs.Select(s => s.Id).Order(StringComparer.Ordinal));
    }
}

/// <summary>Two instances on one PostgreSQL database: an import through one is served by the other within a second.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresGenerationTests(PostgresCluster cluster) : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("circumplex-web-pg-gen-").FullName;
    private readonly List<WebApplication> _apps = [];
    private readonly TestDatabase _database = new(cluster);

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps) await app.DisposeAsync();
        _database.Dispose();
        Directory.Delete(_dir, true);
    }

    private async Task<HttpClient> Serve(string database, TimeSpan? checkInterval = null)
    {
        var options = new WebOptions
        {
            DatabasePath = database, Urls = "http://127.0.0.1:0", OperatorToken = TestServerHost.OperatorToken, DataDirectory = _dir,
            CatalogCheckInterval = checkInterval ?? TimeSpan.FromMilliseconds(250),
        };
        var app = CircumplexWebApp.Create(options, null, b => b.WebHost.UseTestServer());
        _apps.Add(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var client = app.GetTestClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestServerHost.OperatorToken);
        return client;
    }

    [Theory]
    [InlineData(250)]
    [InlineData(600_000)] // no polling to speak of: only LISTEN/NOTIFY can tell B in time
    public async Task B_serves_what_A_imported_within_two_seconds_with_no_5xx(int checkMilliseconds)
    {
        string uri = _database.Uri;
        string first = CatalogWait.SmallCatalog(Path.Combine(_dir, "first.csv"), 3000, 31);
        using (var store = CatalogDatabase.OpenCatalog(uri)) store.Import(CatalogReader.Read(first), "first.csv");
        var interval = TimeSpan.FromMilliseconds(checkMilliseconds);
        var a = await Serve(uri, interval);
        var b = await Serve(uri, interval);
        var before = await Http.Ok<CatalogStatusResponse>(await b.Get("/api/catalog"));
        Assert.Equal(3000, before.SongCount);

        await using var load = new RecommendLoad(b);
        while (load.Served < 100) await Task.Delay(10, TestContext.Current.CancellationToken);
        string second = CatalogWait.SmallCatalog(Path.Combine(_dir, "second.csv"), 25, 32);
        var upload = await Http.Ok<UploadResponse>(await a.Post("/api/catalog/upload?replace=true",
            Http.Multipart("file", await File.ReadAllBytesAsync(second, TestContext.Current.CancellationToken), "second.csv", "text/csv")));
        Assert.Equal(25, upload.SongCount);
        var seen = await CatalogWait.ForGeneration(b, before.Generation + 1, TimeSpan.FromSeconds(2));
        int at = load.Served;
        while (load.Served < at + 200) await Task.Delay(10, TestContext.Current.CancellationToken);
        var (served, failures) = await load.StopAsync();

        Assert.True(failures.Count == 0, $"{failures.Count} of {served} failed, first: {failures.FirstOrDefault()}");
        Assert.True(seen < TimeSpan.FromSeconds(1), $"B saw it after {seen.TotalSeconds:0.00} s");
        var ids = CatalogReader.Read(second).Songs.Select(s => s.Id).ToHashSet();
        var rec = await Http.Ok<RecommendResponse>(await b.Get("/api/recommend?valence=0&arousal=0&k=100&maxPerArtist=0"));
        Assert.Equal(25, rec.Songs.Count);
        Assert.All(rec.Songs, s => Assert.Contains(s.Id, ids));
        Assert.Equal(25, (await Http.Ok<CatalogStatusResponse>(await b.Get("/api/catalog"))).SongCount);
    }

    [Fact]
    public async Task Readyz_is_503_when_the_database_is_gone()
    {
        var client = await Serve(_database.Uri);
        Assert.Equal(HttpStatusCode.OK, (await client.Get("/readyz")).StatusCode);
        cluster.DropDatabase(_database.ConnectionString);
        var r = await client.Get("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode);
        Assert.Contains("the database does not answer", await r.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.OK, (await client.Get("/healthz")).StatusCode); // alive all the same: no restart for a database outage
    }
}
