using System.Globalization;
using Circumplex.Affect;
using Circumplex.Cli.Analysis;
using Circumplex.Cli.Commands;
using Circumplex.Music.Import;
using Circumplex.Music.Storage;
using static Microsoft.Playwright.Assertions;

namespace Circumplex.Web.Tests;

/// <summary>
/// The browser tests' set-up with nothing faked but the camera: the shipped model through the real
/// <see cref="PhotoAffectAnalyzer"/> (as `circumplex serve` loads it without --model) and a real catalog of another
/// schema (the 114k dataset.csv sample) imported into a temporary database. The camera shows obama-480p.jpg: cover-fitted
/// into 640×480 it loses only 106 px at each side, so the whole face stays in the frame.
/// </summary>
public sealed class RealPipelineFixture() : BrowserFixture(CameraPhoto)
{
    public const string CameraPhoto = "photos/face_recognition/obama-480p.jpg";
    public const string CatalogFile = "catalogs/hf114k_sample10k/dataset_sample.csv";

    public string? ModelPath { get; } = DefaultModel.Locate();
    public PhotoAffectAnalyzer? Real { get; private set; }

    protected override string? MissingPrerequisite() =>
        ModelPath is null ? $"the shipped model models/{DefaultModel.FileName} is missing: the real-pipeline browser test needs it"
        : !File.Exists(Path.Combine(SharedData.Root!, CatalogFile)) ? $"shared data {CatalogFile} is absent: set CIRCUMPLEX_SHARED_DATA to run the real-pipeline browser test"
        : null;

    protected override async Task<TestServerHost> StartHostAsync()
    {
        Real = new PhotoAffectAnalyzer(ModelPath!);
        string db = Path.Combine(Directory.CreateTempSubdirectory("circumplex-real-").FullName, "circumplex.db");
        using (var store = new SqliteCatalogStore(db)) store.Import(CatalogReader.Read(Path.Combine(SharedData.Root!, CatalogFile)), "dataset_sample.csv");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return await TestServerHost.StartAsync(Real, kestrel: true, databasePath: db);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Real?.Dispose();
    }
}

public class RealPipelineBrowserTests(RealPipelineFixture fixture) : IClassFixture<RealPipelineFixture>
{
    private static string Shown(string emotion) => char.ToUpperInvariant(emotion[0]) + emotion[1..];

    /// <summary>The k nearest songs of the CSV by a plain scan, ties by id: what the server's index must return.</summary>
    private static string[] Nearest(double v, double a, int k = 5) =>
        CatalogReader.Read(Path.Combine(SharedData.Root!, RealPipelineFixture.CatalogFile)).Songs
            .OrderBy(s => Math.Sqrt(Math.Pow(s.Point.Valence - v, 2) + Math.Pow(s.Point.Arousal - a, 2))).ThenBy(s => s.Id, StringComparer.Ordinal)
            .Take(k).Select(s => s.Id).ToArray();

    [Fact(Timeout = 180_000)]
    public async Task A_real_face_on_the_camera_goes_through_the_shipped_model_to_an_emotion_and_five_real_songs_and_feedback()
    {
        var page = await fixture.NewPage(fixture.Host!);
        await using var _page = page.Context;
        var real = fixture.Real!;
        await BrowserTests.Ready(page);
        await Expect(page.Locator("#legend li")).ToHaveCountAsync(8); // the shipped model's own tree draws the regions
        await Expect(page.Locator("#regions rect")).Not.ToHaveCountAsync(0);
        int count = CatalogReader.Read(Path.Combine(SharedData.Root!, RealPipelineFixture.CatalogFile)).Songs.Count;
        await Expect(page.GetByTestId("catalog-summary")).ToHaveTextAsync(string.Create(CultureInfo.InvariantCulture, $"{count:N0} songs (1 import)"));

        // Capture: the browser grabs a camera frame, the server finds the face and runs the model on it.
        var capture = page.GetByTestId("capture");
        await Expect(page.GetByTestId("camera-message")).ToContainTextAsync("Camera on");
        var response = await page.RunAndWaitForResponseAsync(() => capture.ClickAsync(), r => r.Url.Contains("/api/analyze"));
        string body = await response.TextAsync();
        Assert.True(response.Status == 200, $"analyse answered {response.Status}: {body}");
        var analysis = System.Text.Json.JsonSerializer.Deserialize<AnalyzeResponse>(body, Http.Json)!;
        Assert.Equal(new ImageSize(640, 480), analysis.Image);
        Assert.StartsWith("InvNet50", analysis.Model);
        Assert.False(analysis.PhotoStored);
        var face = Assert.Single(analysis.Faces);

        // The same face, found in the original photo by the same analyzer, sits where the frame's crop puts it.
        byte[] original = await File.ReadAllBytesAsync(Path.Combine(SharedData.Root!, RealPipelineFixture.CameraPhoto), TestContext.Current.CancellationToken);
        var direct = real.Analyze(original, TestContext.Current.CancellationToken);
        var reference = direct.Faces[0];
        double offset = (direct.ImageWidth - direct.ImageHeight * 640.0 / 480) / 2; // the columns cover-fitting cut off the left
        Assert.InRange(face.X + face.Width / 2.0 - (reference.X - offset + reference.Width / 2.0), -0.15 * reference.Width, 0.15 * reference.Width);
        Assert.InRange(face.Y + face.Height / 2.0 - (reference.Y + reference.Height / 2.0), -0.15 * reference.Height, 0.15 * reference.Height);
        Assert.InRange(face.Width / (double)reference.Width, 0.8, 1.25);
        // A camera frame is the photo re-encoded (YUV 4:2:0, then JPEG): the estimate moves a little, not across the plane.
        Assert.InRange(analysis.Valence - direct.Valence, -0.25, 0.25);
        Assert.InRange(analysis.Arousal - direct.Arousal, -0.25, 0.25);

        string emotion = real.EmotionTree.Predict(new AffectPoint(analysis.Valence, analysis.Arousal)).Name();
        Assert.Equal(emotion, analysis.Emotion);
        await Expect(page.GetByTestId("analysis-message")).ToHaveTextAsync("1 face found.");
        await Expect(page.GetByTestId("emotion")).ToHaveTextAsync(Shown(emotion));
        await Expect(page.GetByTestId("point-source")).ToHaveTextAsync("estimated from your photo");
        var point = page.GetByTestId("user-point");
        Assert.Equal(analysis.Valence, BrowserTests.Attr(await point.GetAttributeAsync("data-valence")), 3);
        Assert.Equal(analysis.Arousal, BrowserTests.Attr(await point.GetAttributeAsync("data-arousal")), 3);
        var songs = page.GetByTestId("song");
        await Expect(songs).ToHaveCountAsync(5);
        await Expect(page.GetByTestId("song-point")).ToHaveCountAsync(5);
        var expected = Nearest(analysis.Valence, analysis.Arousal);
        Assert.Equal(expected, analysis.Songs.Select(s => s.Id));
        for (int i = 0; i < 5; i++) await Expect(songs.Nth(i)).ToHaveAttributeAsync("data-song-id", expected[i]);
        await fixture.Screenshot(page, "real-1-captured");

        // Drag the point to the opposite quadrant: new songs and the tree's emotion there.
        double targetV = analysis.Valence > 0 ? -0.7 : 0.7, targetA = analysis.Arousal > 0 ? -0.6 : 0.6;
        await BrowserTests.DragPointTo(page, targetV, targetA);
        await Expect(page.GetByTestId("point-source")).ToHaveTextAsync("set by hand");
        double v = BrowserTests.Attr(await point.GetAttributeAsync("data-valence")), a = BrowserTests.Attr(await point.GetAttributeAsync("data-arousal"));
        Assert.Equal(targetV, v, 1);
        Assert.Equal(targetA, a, 1);
        var dragged = Nearest(v, a);
        Assert.Empty(dragged.Intersect(expected));
        for (int i = 0; i < 5; i++) await Expect(songs.Nth(i)).ToHaveAttributeAsync("data-song-id", dragged[i]);
        string there = real.EmotionTree.Predict(new AffectPoint(v, a)).Name();
        await Expect(page.GetByTestId("emotion")).ToHaveTextAsync(Shown(there));
        await fixture.Screenshot(page, "real-2-dragged");

        // Feedback on the dragged point: a thumbs up and the survey, then both in the CSV export.
        await songs.Nth(0).GetByTestId("thumb-up").ClickAsync();
        await Expect(songs.Nth(0).GetByTestId("vote-status")).ToHaveTextAsync("Thanks!");
        int[] answers = [5, 2, 4, 1];
        for (int q = 1; q <= 4; q++) await page.Locator($"input[name=q{q}][value='{answers[q - 1]}']").CheckAsync();
        await page.GetByTestId("survey-submit").ClickAsync();
        await Expect(page.GetByTestId("survey-status")).ToHaveTextAsync("Thank you: your answers were saved.");
        await fixture.Screenshot(page, "real-3-feedback");

        var rows = await FeedbackExport.Read(fixture.Host!.Operator);
        string V = v.ToString("R", CultureInfo.InvariantCulture), A = a.ToString("R", CultureInfo.InvariantCulture);
        var vote = Assert.Single(rows, r => r["kind"] == "song");
        Assert.Equal((dragged[0], "up", V, A, there, "manual"), (vote["song_id"], vote["vote"], vote["valence"], vote["arousal"], vote["emotion"], vote["source"]));
        var top = (await Http.Ok<RecommendResponse>(await fixture.Host.Client.Get($"/api/recommend?valence={V}&arousal={A}"))).Songs[0];
        Assert.Equal((top.Title, string.Join("; ", top.Artists)), (vote["title"], vote["artists"]));
        var survey = Assert.Single(rows, r => r["kind"] == "survey");
        Assert.Equal((V, A, there, "5", "2", "4", "1"), (survey["valence"], survey["arousal"], survey["emotion"], survey["q1"], survey["q2"], survey["q3"], survey["q4"]));
    }
}
