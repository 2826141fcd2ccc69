using System.Net;
using System.Net.Http.Headers;
using Circumplex.Music.Import;
using Circumplex.Music.Storage;
using Circumplex.Tests.Postgres;

namespace Circumplex.Web.Tests;

/// <summary>
/// A small cluster as it would run: a throwaway PostgreSQL, two `circumplex serve` processes and Debian's nginx as a
/// loopback load balancer in front of them.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterTests(PostgresCluster cluster) : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("circumplex-cluster-").FullName;
    private readonly TestDatabase _database = new(cluster);
    private readonly List<IAsyncDisposable> _running = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var r in Enumerable.Reverse(_running)) await r.DisposeAsync();
        _database.Dispose();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private static HttpClient Client(Uri address, bool asOperator = false)
    {
        var c = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        if (asOperator) c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestServerHost.OperatorToken);
        return c;
    }

    [Fact(Timeout = 180_000)]
    public async Task Imports_through_one_instance_are_served_through_nginx_and_no_acknowledged_write_is_lost_when_one_is_killed()
    {
        if (NginxBalancer.Binary() is null) Assert.Skip("nginx is not installed: scripts/setup.sh installs it");
        cluster.Require();
        var ct = TestContext.Current.CancellationToken;
        string uri = _database.Uri;
        using (var store = CatalogDatabase.OpenCatalog(uri))
            store.Import(CatalogReader.Read(CatalogWait.SmallCatalog(Path.Combine(_dir, "first.csv"), 3000, 41)), "first.csv");

        // Both instances share a data folder (the operator token and the keys that seal cookies), as on one machine.
        string data = Directory.CreateDirectory(Path.Combine(_dir, "data")).FullName;
        // Every write comes from this one test client: lift its per-client feedback limit.
        string[] limits = ["--feedback-rate", "100000/100000"];
        var a = await ServeProcess.StartAsync(uri, data, TestServerHost.OperatorToken, limits);
        _running.Add(a);
        var b = await ServeProcess.StartAsync(uri, data, TestServerHost.OperatorToken, limits);
        _running.Add(b);
        var nginx = await NginxBalancer.StartAsync([a.Address, b.Address]);
        _running.Add(nginx);
        using var viaNginx = Client(nginx.Address);
        using var operatorViaNginx = Client(nginx.Address, asOperator: true);
        using var operatorOnA = Client(a.Address, asOperator: true);
        using var onA = Client(a.Address);
        using var onB = Client(b.Address);

        // 1. Import through A; recommendations through nginx (both instances, alternately) come from the new catalog.
        string second = CatalogWait.SmallCatalog(Path.Combine(_dir, "second.csv"), 30, 42);
        var ids = CatalogReader.Read(second).Songs.Select(s => s.Id).ToHashSet();
        var upload = await Http.Ok<UploadResponse>(await operatorOnA.Post("/api/catalog/upload?replace=true",
            Http.Multipart("file", await File.ReadAllBytesAsync(second, ct), "second.csv", "text/csv")));
        Assert.Equal(30, upload.SongCount);
        await CatalogWait.ForGeneration(onB, 2, TimeSpan.FromSeconds(2));
        for (int i = 0; i < 40; i++)
        {
            var rec = await Http.Ok<RecommendResponse>(await viaNginx.Get(FormattableString.Invariant($"/api/recommend?valence={i / 20.0 - 1:0.##}&arousal=0.3&k=5")));
            Assert.All(rec.Songs, s => Assert.Contains(s.Id, ids));
        }

        // 2. Feedback through either instance (and through nginx) is exported whole.
        string song = ids.First();
        string Vote(int i) => $$"""{"valence": {{(i % 20) / 20.0:0.00}}, "arousal": 0.5, "source": "manual", "songs": [{"songId": "{{song}}", "vote": "{{(i % 2 == 0 ? "up" : "down")}}"}]}""";
        var acknowledged = new HashSet<long>();
        var writers = new[] { onA, onB, viaNginx };
        for (int i = 0; i < 30; i++)
            acknowledged.Add((await Http.Ok<FeedbackResponse>(await writers[i % 3].PostJson("/api/feedback", Vote(i)), HttpStatusCode.Created)).Submission);
        var exported = (await FeedbackExport.Read(operatorViaNginx)).Select(r => long.Parse(r["submission"], System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        Assert.Subset(exported, acknowledged);

        // 3. kill -9 B while writes keep coming through nginx: every write that got its 201 is in the export.
        using var stop = new CancellationTokenSource();
        int refused = 0;
        var writer = Task.Run(async () =>
        {
            for (int i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    var r = await viaNginx.PostJson("/api/feedback", Vote(i));
                    if (r.StatusCode == HttpStatusCode.Created)
                    {
                        long id = (await Http.Ok<FeedbackResponse>(r, HttpStatusCode.Created)).Submission;
                        lock (acknowledged) acknowledged.Add(id);
                    }
                    else Interlocked.Increment(ref refused); // a 502 for a request cut off with B: not acknowledged, may be retried
                }
                catch (HttpRequestException) { Interlocked.Increment(ref refused); }
            }
        }, ct);
        await Task.Delay(700, ct);
        b.Kill();
        await Task.Delay(1500, ct);
        stop.Cancel();
        await writer;
        int before = acknowledged.Count;
        exported = (await FeedbackExport.Read(operatorViaNginx)).Select(r => long.Parse(r["submission"], System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        lock (acknowledged) Assert.Subset(exported, acknowledged);
        Assert.True(before > 40, $"only {before} writes were acknowledged ({refused} refused)");
        // nginx goes on through A alone.
        Assert.Equal(HttpStatusCode.Created, (await viaNginx.PostJson("/api/feedback", Vote(1))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viaNginx.Get("/api/recommend?valence=0&arousal=0")).StatusCode);
    }
}
