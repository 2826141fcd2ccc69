using System.Net;
using Circumplex.Feedback;

namespace Circumplex.Web.Tests;

public class FeedbackApiTests
{
    private static async Task<(TestServerHost Host, string[] Songs)> Start()
    {
        var host = await TestServerHost.StartAsync(null);
        var rec = await Http.Ok<RecommendResponse>(await host.Client.Get("/api/recommend?valence=0.4&arousal=0.2&k=3"));
        return (host, rec.Songs.Select(s => s.Id).ToArray());
    }

    [Fact]
    public async Task Votes_and_survey_are_stored_exported_and_survive_a_restart()
    {
        var (host, songs) = await Start();
        string db = host.DatabasePath;
        await using (host)
        {
            string body = $$$"""
                {"valence": 0.4, "arousal": 0.2, "source": "photo", "emotion": "happy",
                 "songs": [{"songId": "{{{songs[0]}}}", "vote": "up"}, {"songId": "{{{songs[1]}}}", "vote": "down"}],
                 "survey": {"q1": 4, "q2": 3, "q3": 2, "q4": 5}}
                """;
            var r = await Http.Ok<FeedbackResponse>(await host.Client.PostJson("/api/feedback", body), HttpStatusCode.Created);
            Assert.Equal(2, r.Votes);
            Assert.True(r.Survey);
            Assert.InRange(r.CreatedAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
            // survey only, manual point, partial answers
            await Http.Ok<FeedbackResponse>(await host.Client.PostJson("/api/feedback",
                """{"valence": -0.5, "arousal": -0.75, "source": "manual", "survey": {"q2": 1}}"""), HttpStatusCode.Created);

            // Restart on the same database: the feedback is still there.
            await host.StopAsync();
            await using var again = await TestServerHost.StartAsync(null, databasePath: db);
            var export = await again.Operator.Get("/api/feedback/export");
            Assert.Equal(HttpStatusCode.OK, export.StatusCode);
            Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
            Assert.Equal("circumplex-feedback.csv", export.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
            var lines = (await export.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(FeedbackCsv.Header, lines[0]);
            Assert.Equal(5, lines.Length);
            Assert.Contains(lines, l => l.Contains($",song,0.4,0.2,happy,photo,{songs[0]},") && l.EndsWith(",up,,,,,,,,,,"));
            Assert.Contains(lines, l => l.Contains($",song,0.4,0.2,happy,photo,{songs[1]},") && l.EndsWith(",down,,,,,,,,,,"));
            Assert.Contains(lines, l => l.Contains(",survey,0.4,0.2,happy,photo,") && l.EndsWith(",4,3,2,5,,,,,,"));
            Assert.Contains(lines, l => l.Contains(",survey,-0.5,-0.75,,manual,") && l.EndsWith(",,1,,,,,,,,"));
        }
    }

    [Theory]
    [InlineData("""{"valence": 0, "arousal": 0, "songs": [{"songId": "0000000000000000000000", "vote": "up"}]}""", 409, "song 0000000000000000000000 is not in the catalog (any more)")]
    [InlineData("""{"valence": 0, "arousal": 0, "songs": [{"songId": "x", "vote": "up"}]}""", 400, "song id 'x' is not a 22-character Spotify id")]
    [InlineData("""{"valence": 0, "arousal": 0, "songs": [{"songId": "0000000000000000000000", "vote": "maybe"}]}""", 400, "songs[0].vote must be \"up\" or \"down\", got \"maybe\"")]
    [InlineData("""{"valence": 0, "arousal": 0, "songs": [{"vote": "up"}]}""", 400, "songs[0].songId is required")]
    [InlineData("""{"valence": 0, "arousal": 0, "survey": {"q1": 6}}""", 400, "answer to statement 1 must lie in 1..5")]
    [InlineData("""{"valence": 0, "arousal": 0, "survey": {}}""", 400, "the survey has no answer")]
    [InlineData("""{"valence": 0, "arousal": 0, "survey": {"q5": 3}}""", 400, "malformed JSON: unknown property 'q5' in survey;")]
    [InlineData("""{"valence": 0, "arousal": 0, "mood": "ok"}""", 400, "malformed JSON: unknown property 'mood';")]
    [InlineData("""{"valence": 0, "arousal": 0}""", 400, "the feedback is empty")]
    [InlineData("""{"valence": 2, "arousal": 0, "survey": {"q1": 3}}""", 400, "valence must lie in [-1, 1], got 2")]
    [InlineData("""{"arousal": 0, "survey": {"q1": 3}}""", 400, "valence is required")]
    [InlineData("""{"valence": 0, "arousal": -3, "survey": {"q1": 3}}""", 400, "arousal must lie in [-1, 1], got -3")]
    [InlineData("""{"valence": 0, "arousal": 0, "source": "webcam", "survey": {"q1": 3}}""", 400, "source 'webcam' is neither 'photo' nor 'manual'")]
    [InlineData("""{"valence": 0, "arousal": 0, "survey": {"q1": "four"}}""", 400, "malformed JSON: survey.q1 has the wrong type (line 1, byte 53)")]
    [InlineData("""[1, 2]""", 400, "malformed JSON: the body must be an object")]
    [InlineData("""{"valence": 0, "arousal": 0,""", 400, "malformed JSON (line 1, byte 28): Expected start of a property name or value")]
    [InlineData("""null""", 400, "JSON null")]
    [InlineData("", 400, "the request body is empty")]
    public async Task Bad_feedback_is_refused_precisely_and_nothing_is_stored(string json, int status, string detail)
    {
        await using var host = await TestServerHost.StartAsync(null);
        await Http.Problem(await host.Client.PostJson("/api/feedback", json), (HttpStatusCode)status, detail);
        var export = await (await host.Operator.Get("/api/feedback/export")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(FeedbackCsv.Header + "\r\n", export);
    }

    [Fact]
    public async Task Wrong_content_type_and_oversized_bodies_are_refused()
    {
        await using var host = await TestServerHost.StartAsync(null);
        await Http.Problem(await host.Client.Post("/api/feedback", new StringContent("valence=0")), HttpStatusCode.UnsupportedMediaType, "send the feedback as JSON");
        string huge = "{\"valence\": 0, \"arousal\": 0, \"emotion\": \"" + new string('x', 70_000) + "\"}";
        await Http.Problem(await host.Client.PostJson("/api/feedback", huge), HttpStatusCode.RequestEntityTooLarge, "the limit is 65536");
    }
}
