using System.Net;
using Circumplex.Music.Import;
using Circumplex.Music.Storage;
using Circumplex.Tests.Postgres;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace Circumplex.Web.Tests;

/// <summary>The web app on PostgreSQL: several instances on one database, answering as the app on SQLite does.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresWebTests(PostgresCluster cluster) : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("circumplex-web-pg-").FullName;
    private readonly List<WebApplication> _apps = [];
    private readonly TestDatabase _database = new(cluster);

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps) await app.DisposeAsync();
        _database.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, true);
    }

    private async Task<HttpClient> Serve(string database)
    {
        var options = new WebOptions { DatabasePath = database, Urls = "http://127.0.0.1:0", OperatorToken = TestServerHost.OperatorToken, DataDirectory = _dir };
        var app = CircumplexWebApp.Create(options, null, b => b.WebHost.UseTestServer());
        _apps.Add(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var client = app.GetTestClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestServerHost.OperatorToken);
        return client;
    }

    private static async Task<string> Body(HttpResponseMessage r)
    {
        string body = await r.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(r.IsSuccessStatusCode, $"{(int)r.StatusCode}: {body}");
        return body;
    }

    [Fact]
    public async Task Two_instances_on_one_database_recommend_as_sqlite_and_share_feedback()
    {
        string uri = _database.Uri;
        string file = Path.Combine(_dir, "c.db");
        string csv = Path.Combine(_dir, "tracks.csv");
        SyntheticCatalog.Write(csv, 4000, 21);
        var read = CatalogReader.Read(csv);
        foreach (var db in new[] { uri, file })
            using (var store = CatalogDatabase.OpenCatalog(db)) store.Import(read, "tracks.csv");

        var first = await Serve(uri);
        var second = await Serve(uri);
        var onSqlite = await Serve(file);
        foreach (var query in new[] { "valence=0.8&arousal=0.6&k=5", "valence=-1&arousal=1&k=20", "valence=0&arousal=0&k=7" })
        {
            string expected = await Body(await onSqlite.Get($"/api/recommend?{query}"));
            Assert.Equal(expected, await Body(await first.Get($"/api/recommend?{query}")));
            Assert.Equal(expected, await Body(await second.Get($"/api/recommend?{query}")));
        }

        var songs = (await Http.Ok<RecommendResponse>(await first.Get("/api/recommend?valence=0.4&arousal=0.2&k=2"))).Songs;
        await Http.Ok<FeedbackResponse>(await first.PostJson("/api/feedback", $$"""
            {"valence": 0.4, "arousal": 0.2, "source": "photo", "songs": [{"songId": "{{songs[0].Id}}", "vote": "up"}, {"songId": "{{songs[1].Id}}", "vote": "down"}]}
            """), HttpStatusCode.Created);
        await Http.Ok<FeedbackResponse>(await second.PostJson("/api/feedback", """{"valence": -0.5, "arousal": 0.5, "source": "manual", "survey": {"q1": 5}}"""), HttpStatusCode.Created);
        string export = await Body(await second.Get("/api/feedback/export"));
        Assert.Equal(export, await Body(await first.Get("/api/feedback/export")));
        var lines = export.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Contains(lines, l => l.Contains($",song,0.4,0.2,,photo,{songs[0].Id},{SyntheticCatalog.Quote(songs[0].Title)},") && l.EndsWith(",up,,,,,,,,,,"));
        Assert.Contains(lines, l => l.Contains(",survey,-0.5,0.5,,manual,") && l.EndsWith(",5,,,,,,,,,"));

        var status = await Http.Ok<CatalogStatusResponse>(await second.Get("/api/catalog"));
        Assert.Equal((4000, false), (status.SongCount, status.Empty));
    }
}
