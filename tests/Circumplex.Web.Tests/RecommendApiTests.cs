using System.Net;
using Circumplex.Affect;
using Circumplex.Music.Import;

namespace Circumplex.Web.Tests;

/// <summary>Read-only endpoints against one shared host with the 5,000-song catalog.</summary>
public sealed class SharedHostFixture : IAsyncLifetime
{
    public TestServerHost? Host { get; private set; }
    public FakePhotoAnalyzer Analyzer { get; } = new();
    public string? SkipReason { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (SharedData.Root is null || !File.Exists(Path.Combine(SharedData.Root, TestServerHost.CatalogFile)))
        {
            SkipReason = $"shared data file {TestServerHost.CatalogFile} is absent (set CIRCUMPLEX_SHARED_DATA)";
            return;
        }
        Host = await TestServerHost.StartAsync(Analyzer);
    }

    public HttpClient Client
    {
        get
        {
            if (SkipReason is not null) Assert.Skip(SkipReason);
            return Host!.Client;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is not null) await Host.DisposeAsync();
    }
}

public class RecommendApiTests(SharedHostFixture fixture) : IClassFixture<SharedHostFixture>
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Recommend_returns_the_five_nearest_songs_exactly_as_a_brute_force_scan()
    {
        var r = await Http.Ok<RecommendResponse>(await Client.Get("/api/recommend?valence=0.3&arousal=-0.2"));
        Assert.Equal(0.3, r.Valence);
        Assert.Equal(-0.2, r.Arousal);
        Assert.Equal(5, r.Songs.Count);
        Assert.Equal([1, 2, 3, 4, 5], r.Songs.Select(s => s.Rank));

        var all = CatalogReader.Read(TestServerHost.CatalogPath).Songs;
        var q = new AffectPoint(0.3, -0.2);
        var expected = MatchReference.Expect(all, q, 5);
        Assert.Equal(expected.Select(e => e.Id), r.Songs.Select(s => s.Id));
        for (int i = 0; i < 5; i++) Assert.Equal(expected[i].Distance, r.Songs[i].Distance, 1e-6);

        // Without an artist cap, copies of one song still count once.
        var uncapped = await Http.Ok<RecommendResponse>(await Client.Get("/api/recommend?valence=0.3&arousal=-0.2&k=20&maxPerArtist=0"));
        Assert.Equal(MatchReference.Expect(all, q, 20, cap: null).Select(e => e.Id), uncapped.Songs.Select(s => s.Id));

        var first = r.Songs[0];
        var song = all.Single(s => s.Id == first.Id);
        Assert.Equal(song.Title, first.Title);
        Assert.Equal(song.Artists, first.Artists);
        Assert.Equal(song.Year, first.Year);
        Assert.Equal($"https://open.spotify.com/track/{first.Id}", first.Url);
        Assert.Equal($"https://open.spotify.com/embed/track/{first.Id}", first.EmbedUrl);
        Assert.Equal(2 * song.SpotifyValence - 1, first.Valence, 1e-9);
        Assert.Equal(2 * song.SpotifyEnergy - 1, first.Arousal, 1e-9);
        Assert.Equal(fixture.Analyzer.EmotionTree.Predict(q).Name(), r.Emotion);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    public async Task K_sets_how_many(int k)
    {
        var r = await Http.Ok<RecommendResponse>(await Client.Get($"/api/recommend?valence=-1&arousal=1&k={k}"));
        Assert.Equal(k, r.Songs.Count);
        Assert.True(r.Songs.Zip(r.Songs.Skip(1)).All(p => p.First.Distance <= p.Second.Distance));
    }

    [Theory]
    [InlineData("arousal=0", "valence is required")]
    [InlineData("valence=0", "arousal is required")]
    [InlineData("valence=abc&arousal=0", "valence 'abc' is not a number")]
    [InlineData("valence=1.5&arousal=0", "valence must lie in [-1, 1], got 1.5")]
    [InlineData("valence=0&arousal=-1.01", "arousal must lie in [-1, 1], got -1.01")]
    [InlineData("valence=NaN&arousal=0", "valence 'NaN' is not a number")]
    [InlineData("valence=0&arousal=0&k=0", "k must lie in 1..100, got 0")]
    [InlineData("valence=0&arousal=0&k=101", "k must lie in 1..100, got 101")]
    [InlineData("valence=0&arousal=0&k=-3", "k must lie in 1..100, got -3")]
    [InlineData("valence=0&arousal=0&k=2.5", "k '2.5' is not a whole number")]
    [InlineData("valence=0&arousal=0&maxPerArtist=-1", "maxPerArtist '-1' is not 0 (no cap)")]
    public async Task Bad_queries_get_a_precise_400(string query, string detail)
    {
        await Http.Problem(await Client.Get("/api/recommend?" + query), HttpStatusCode.BadRequest, detail);
    }

    [Fact]
    public async Task Regions_cover_the_grid_with_the_trees_labels()
    {
        var r = await Http.Ok<RegionsResponse>(await Client.Get("/api/emotions/regions"));
        Assert.Equal(80, r.Size);
        Assert.Equal(["neutral", "happy", "sad", "surprise", "fear", "disgust", "anger", "contempt"], r.Emotions);
        Assert.Equal(80, r.Rows.Count);
        Assert.All(r.Rows, row => Assert.Matches("^[0-7]{80}$", row));
        // The loaded (fake) analyzer's tree draws them. Row 0 is arousal ≈ +1; a cell's label is the tree's answer at its centre.
        var tree = fixture.Analyzer.EmotionTree;
        for (int i = 0; i < 20; i++)
        {
            int row = i * 4 + 1, col = (i * 7 + 3) % 80;
            var p = new AffectPoint(-1 + (col + 0.5) / 40.0, 1 - (row + 0.5) / 40.0);
            Assert.Equal((int)tree.Predict(p), r.Rows[row][col] - '0');
        }
        Assert.Equal(8, r.Rows.SelectMany(x => x).Distinct().Count()); // all eight regions appear
        Assert.Equal('1', r.Rows[40][75]); // v≈0.89, a≈0: happy
        Assert.Equal('2', r.Rows[55][8]);  // v≈-0.79, a≈-0.39: sad
    }

    [Fact]
    public async Task Catalog_status_counts_the_songs_and_the_import()
    {
        var c = await Http.Ok<CatalogStatusResponse>(await Client.Get("/api/catalog"));
        Assert.Equal(5000, c.SongCount);
        Assert.False(c.Empty);
        Assert.Null(c.HowToLoad);
        var import = Assert.Single(c.Imports);
        Assert.Equal("kaggle-600k", import.Schema);
        Assert.Equal(5000, import.SongsImported);
        Assert.True(c.Model.Loaded);
        Assert.Equal("fake (tests)", c.Model.Name);
        Assert.Equal("model", c.Model.EmotionTree);
        Assert.Equal(100, c.Limits.MaxK);
        Assert.InRange(c.MinValence!.Value, 0, 0.1);
        Assert.Equal(1922, c.MinYear);
    }

    [Fact]
    public async Task The_openapi_document_lists_every_endpoint()
    {
        var r = await Client.Get("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        string doc = await r.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        foreach (var path in new[] { "/api/analyze", "/api/recommend", "/api/catalog", "/api/catalog/upload", "/api/feedback", "/api/feedback/export", "/api/emotions/regions", "/api/journey" })
            Assert.Contains($"\"{path}\"", doc);
        Assert.Contains("Circumplex API", doc);
        Assert.Contains("multipart/form-data", doc);
        Assert.Contains("application/problem+json", doc);
        using var json = System.Text.Json.JsonDocument.Parse(doc);
        var valence = json.RootElement.GetProperty("paths").GetProperty("/api/recommend").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Single(p => p.GetProperty("name").GetString() == "valence");
        Assert.True(valence.GetProperty("required").GetBoolean());
        Assert.Equal("number", valence.GetProperty("schema").GetProperty("type").GetString());
    }

    [Fact]
    public async Task The_page_is_served_with_the_papers_survey_and_a_privacy_note_left_to_the_server()
    {
        var r = await Client.Get("/");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("text/html", r.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'self'", r.Headers.GetValues("Content-Security-Policy").Single());
        string html = await r.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        foreach (var statement in Circumplex.Feedback.LikertSurvey.Statements) Assert.Contains(statement, html);
        // Whether photos are stored is the server's setting: the static page claims neither until /api/catalog says.
        Assert.DoesNotContain("never stored", html);
        Assert.Contains("Privacy: asking the server whether it stores photos", html);
        foreach (var id in new[] { "capture", "photo-file", "circumplex", "user-point", "song-list", "survey-form", "upload-form", "emotion", "privacy-note", "privacy-photos" })
            Assert.Contains($"id=\"{id}\"", html);
        var js = await Client.Get("/app.js");
        Assert.Equal(HttpStatusCode.OK, js.StatusCode);
        Assert.Equal("text/javascript", js.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await Client.Get("/app.css")).StatusCode);
    }

    [Fact]
    public async Task Unknown_api_paths_and_methods_are_problems_too()
    {
        await Http.Problem(await Client.Get("/api/nope"), HttpStatusCode.NotFound, "no such API endpoint: GET /api/nope");
        var r = await Client.Post("/api/recommend?valence=0&arousal=0", new StringContent(""));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
    }
}
