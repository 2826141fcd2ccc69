using System.Net;
using System.Text.Json;
using Circumplex.Affect;
using Circumplex.Music.Import;
using Circumplex.Music.Journeys;
using Circumplex.Music.Journeys.Export;

namespace Circumplex.Web.Tests;

/// <summary>POST /api/journey on the shared 5,000-song host, and feedback that records the journey.</summary>
public class JourneyApiTests(SharedHostFixture fixture) : IClassFixture<SharedHostFixture>
{
    private HttpClient Client => fixture.Client;

    private async Task<JourneyDocument> Journey(string body) => await Http.Ok<JourneyDocument>(await Client.PostJson("/api/journey", body));

    [Fact]
    public async Task A_lift_walks_from_the_point_to_the_target_with_the_engines_songs()
    {
        var j = await Journey("""{"from": {"valence": -0.7, "arousal": -0.5}, "to": {"valence": 0.6, "arousal": 0.3}, "count": 12}""");
        Assert.Equal("lift", j.Mode);
        Assert.Equal(new JourneyPoint(-0.7, -0.5), j.From);
        Assert.Equal(new JourneyPoint(0.6, 0.3), j.To);
        Assert.False(j.TargetByRule);
        Assert.Equal(12, j.Waypoints.Count);
        Assert.Equal(12, j.Songs.Count);
        Assert.Equal(Enumerable.Range(1, 12), j.Songs.Select(s => s.Number));

        // The same engine on the same catalog, outside the server, picks the same songs.
        var songs = CatalogReader.Read(TestServerHost.CatalogPath).Songs;
        var ordered = songs.OrderBy(s => s.Id, StringComparer.Ordinal).ToArray();
        var planner = new JourneyPlanner(Circumplex.Music.Index.SongIndex.Build([.. ordered.Select(s => s.Id)], [.. ordered.Select(s => s.Point)]), SongFacts.From(ordered));
        var expected = planner.Plan(new JourneyRequest(new AffectPoint(-0.7, -0.5), JourneyMode.Lift, new AffectPoint(0.6, 0.3), 12));
        Assert.Equal(expected.Steps.Select(s => s.Id), j.Songs.Select(s => s.Id));
        Assert.Equal(Math.Round(expected.LargestJump, 6), j.LargestJump);
        var first = ordered.Single(s => s.Id == j.Songs[0].Id);
        Assert.Equal(first.Title, j.Songs[0].Title);
        Assert.Equal(first.Artists, j.Songs[0].Artists);
        Assert.Equal(first.SpotifyUrl, j.Songs[0].Url);
        Assert.Equal("spotify:track:" + first.Id, j.Songs[0].Uri);
    }

    [Fact]
    public async Task Without_a_target_a_lift_follows_the_rule_and_match_stays()
    {
        var lift = await Journey("""{"from": {"valence": -0.5, "arousal": 0.6}, "mode": "lift"}""");
        Assert.True(lift.TargetByRule);
        Assert.Equal(new JourneyPoint(LiftTarget.Calm.Valence, LiftTarget.Calm.Arousal), lift.To);
        Assert.Equal(JourneyRequest.DefaultCount, lift.Songs.Count);

        var match = await Journey("""{"from": {"valence": 0.2, "arousal": 0.1}, "mode": "match", "count": 5, "maxPerArtist": 0}""");
        Assert.Equal("match", match.Mode);
        Assert.All(match.Waypoints, w => Assert.Equal(new JourneyPoint(0.2, 0.1), w));
        var all = CatalogReader.Read(TestServerHost.CatalogPath).Songs;
        Assert.Equal(MatchReference.Expect(all, new AffectPoint(0.2, 0.1), 5, cap: null).Select(e => e.Id), match.Songs.Select(s => s.Id));
    }

    [Fact]
    public async Task Filters_are_honoured_and_given_as_strings_numbers_or_booleans()
    {
        var j = await Journey("""{"from": {"valence": 0, "arousal": 0}, "to": {"valence": 0.8, "arousal": 0.8}, "count": 20, "filters": {"year": "1925-1927", "explicit": false, "popularity": 0}}""");
        Assert.Equal(20, j.Songs.Count);
        Assert.All(j.Songs, s => Assert.InRange(s.Year!.Value, 1925, 1927));
        var byId = CatalogReader.Read(TestServerHost.CatalogPath).Songs.ToDictionary(s => s.Id);
        Assert.All(j.Songs, s => Assert.Equal((false, 0), (byId[s.Id].Explicit!.Value, byId[s.Id].Popularity!.Value)));
    }

    [Fact]
    public async Task M3u8_and_csv_come_as_files_that_read_back()
    {
        const string body = """{"from": {"valence": 0.1, "arousal": -0.4}, "to": {"valence": 0.7, "arousal": 0.5}, "count": 7}""";
        var json = await Journey(body);
        var m3u = await Client.PostJson("/api/journey?format=m3u8", body);
        Assert.Equal(HttpStatusCode.OK, m3u.StatusCode);
        Assert.Equal("audio/x-mpegurl", m3u.Content.Headers.ContentType?.MediaType);
        Assert.Equal("circumplex-lift.m3u8", m3u.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var entries = PlaylistFiles.ReadM3u8(await m3u.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(json.Songs.Select(s => s.Url), entries.Select(e => e.Location));

        var csv = await Client.PostJson("/api/journey?format=csv", body);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var (columns, rows) = PlaylistFiles.ReadCsv(await csv.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(JourneyCsv.Columns, columns);
        Assert.Equal(json.Songs.Select(s => s.Id), rows.Select(r => r["id"]));
    }

    [Theory]
    [InlineData("""{"to": {"valence": 0, "arousal": 0}}""", "from is required")]
    [InlineData("""{"from": {"valence": 0}}""", "from.arousal is required")]
    [InlineData("""{"from": {"valence": 1.5, "arousal": 0}}""", "from.valence must lie in [-1, 1], got 1.5")]
    [InlineData("""{"from": {"valence": 0, "arousal": 0}, "to": {"valence": 0, "arousal": -3}}""", "to.arousal must lie in [-1, 1]")]
    [InlineData("""{"from": {"valence": 0, "arousal": 0}, "mode": "shuffle"}""", "mode \"shuffle\" is neither")]
    [InlineData("""{"from": {"valence": 0, "arousal": 0}, "mode": "match", "to": {"valence": 0, "arousal": 0}}""", "to goes with mode \"lift\"")]
    [InlineData("""{"from": {"valence": 0, "arousal": 0}, "count": 51}""", "count must lie in 1..50, got 51")]
    [InlineData("""{"from": {"valence": 0, "arousal": 0}, "maxPerArtist": -2}""", "maxPerArtist must be 0 (no cap) or more")]
    [InlineData("""{"from": {"valence": 0, "arousal": 0}, "filters": {"tempo": "120"}}""", "filters.tempo: unknown filter 'tempo'")]
    [InlineData("""{"from": {"valence": 0, "arousal": 0}, "filters": {"year": "2010-1990"}}""", "filters.year:")]
    [InlineData("""{"from": {"valence": 0, "arousal": 0}, "filters": {"genre": "jazz"}}""", "filters.genre: the loaded catalog has no genres")]
    [InlineData("""{"from": {"valence": 0, "arousal": 0}, "colour": "red"}""", "unknown property 'colour'")]
    [InlineData("""{"from": {"valence": "high", "arousal": 0}}""", "from.valence has the wrong type")]
    [InlineData("""[1, 2]""", "the body must be an object")]
    public async Task Bad_requests_are_problems_that_name_the_field(string body, string detail)
    {
        await Http.Problem(await Client.PostJson("/api/journey", body), HttpStatusCode.BadRequest, detail);
    }

    [Fact]
    public async Task A_bad_format_or_a_body_that_is_not_json_is_refused()
    {
        await Http.Problem(await Client.PostJson("/api/journey?format=xml", """{"from": {"valence": 0, "arousal": 0}}"""), HttpStatusCode.BadRequest, "format: unknown format 'xml'");
        var r = await Client.Post("/api/journey", new StringContent("from=0,0"));
        await Http.Problem(r, HttpStatusCode.UnsupportedMediaType, "as JSON");
    }

    [Fact]
    public async Task An_empty_catalog_is_a_conflict_that_says_how_to_load_one()
    {
        await using var host = await TestServerHost.StartAsync(null, withCatalog: false);
        await Http.Problem(await host.Client.PostJson("/api/journey", """{"from": {"valence": 0, "arousal": 0}}"""), HttpStatusCode.Conflict, "catalog is empty");
    }

    [Fact]
    public async Task Feedback_records_the_mode_the_target_and_the_mood_after()
    {
        await using var host = await TestServerHost.StartAsync(null);
        var j = await Http.Ok<JourneyDocument>(await host.Client.PostJson("/api/journey", """{"from": {"valence": -0.6, "arousal": -0.4}, "mode": "lift", "count": 3}"""));
        string vote = $$$"""
            {"valence": -0.6, "arousal": -0.4, "source": "photo", "mode": "lift", "target": {"valence": {{{j.To.Valence}}}, "arousal": {{{j.To.Arousal}}}},
             "session": "s-123", "songs": [{"songId": "{{{j.Songs[0].Id}}}", "vote": "up"}]}
            """;
        await Http.Ok<FeedbackResponse>(await host.Client.PostJson("/api/feedback", vote), HttpStatusCode.Created);
        await Http.Ok<FeedbackResponse>(await host.Client.PostJson("/api/feedback",
            """{"valence": -0.6, "arousal": -0.4, "source": "manual", "mode": "lift", "session": "s-123", "after": {"valence": 0.1, "arousal": -0.2}}"""), HttpStatusCode.Created);
        await Http.Problem(await host.Client.PostJson("/api/feedback",
            """{"valence": 0, "arousal": 0, "mode": "lift", "after": {"valence": 2, "arousal": 0}}"""), HttpStatusCode.BadRequest, "after.valence must lie in [-1, 1]");
        await Http.Problem(await host.Client.PostJson("/api/feedback",
            """{"valence": 0, "arousal": 0, "mode": "match", "target": {"valence": 0.5, "arousal": 0}, "survey": {"q1": 3}}"""), HttpStatusCode.BadRequest, "target goes with mode 'lift'");

        var rows = await FeedbackExport.Read(host.Operator);
        var song = Assert.Single(rows, r => r["kind"] == "song");
        Assert.Equal(("lift", "0.6", "-0.1", "s-123"), (song["mode"], song["target_valence"], song["target_arousal"], song["session"]));
        var mood = Assert.Single(rows, r => r["kind"] == "mood");
        Assert.Equal(("-0.6", "-0.4", "0.1", "-0.2", "s-123"), (mood["valence"], mood["arousal"], mood["after_valence"], mood["after_arousal"], mood["session"]));
    }
}
