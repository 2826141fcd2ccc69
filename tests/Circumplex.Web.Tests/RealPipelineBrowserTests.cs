using System.Globalization;
using Circumplex.Affect;
using Circumplex.Analysis;
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

    /// <summary>The centre of the regions grid's cell (80 × 80, GET /api/emotions/regions) that holds (v, a).</summary>
    private static AffectPoint CellCentre(double v, double a)
    {
        const int size = 80;
        int col = Math.Min(size - 1, (int)Math.Floor((v + 1) / 2 * size)), row = Math.Min(size - 1, (int)Math.Floor((1 - a) / 2 * size));
        return new AffectPoint(-1 + (col + 0.5) * 2 / size, 1 - (row + 0.5) * 2 / size);
    }

    private static IReadOnlyList<Circumplex.Music.Song> Catalog() =>
        CatalogReader.Read(Path.Combine(SharedData.Root!, RealPipelineFixture.CatalogFile)).Songs;

    /// <summary>Match by a plain scan of the CSV (ties by id, each song once, one per artist): what the server must return.</summary>
    private static string[] Nearest(double v, double a, int k = 5) =>
        [.. MatchReference.Expect(Catalog(), new AffectPoint(v, a), k).Select(e => e.Id)];

    /// <summary>The journey the engine plans on the CSV's songs, outside the server.</summary>
    private static string[] Journey(AffectPoint from, AffectPoint? to, int count)
    {
        var songs = Catalog().GroupBy(s => s.Id).Select(g => g.First()).OrderBy(s => s.Id, StringComparer.Ordinal).ToArray();
        var planner = new Circumplex.Music.Journeys.JourneyPlanner(
            Circumplex.Music.Index.SongIndex.Build([.. songs.Select(s => s.Id)], [.. songs.Select(s => s.Point)]),
            Circumplex.Music.Journeys.SongFacts.From(songs));
        return [.. planner.Plan(new Circumplex.Music.Journeys.JourneyRequest(from, Circumplex.Music.Journeys.JourneyMode.Lift, to, count)).Steps.Select(s => s.Id)];
    }

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
        Assert.Equal(fixture.Real!.ModelName, analysis.Model);
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

    [Fact(Timeout = 180_000)]
    public async Task An_uploaded_photo_then_lift_draws_a_numbered_journey_that_follows_the_target_and_exports_as_m3u8()
    {
        var page = await fixture.NewPage(fixture.Host!);
        await using var _page = page.Context;
        await BrowserTests.Ready(page);

        // Upload: the analysed still is shown with its face box.
        string photo = Path.Combine(SharedData.Root!, RealPipelineFixture.CameraPhoto);
        var analysed = await page.RunAndWaitForResponseAsync(() => page.GetByTestId("photo-file").SetInputFilesAsync(photo), r => r.Url.Contains("/api/analyze"));
        var analysis = System.Text.Json.JsonSerializer.Deserialize<AnalyzeResponse>(await analysed.TextAsync(), Http.Json)!;
        await Expect(page.GetByTestId("analysis-message")).ToHaveTextAsync("1 face found.");
        await Expect(page.GetByTestId("still-panel")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("face-box")).ToHaveCountAsync(analysis.Faces.Count);
        Assert.Equal(analysis.Faces[0].Width.ToString(CultureInfo.InvariantCulture), await page.GetByTestId("face-box").First.GetAttributeAsync("width"));

        // Lift: ten songs, ten numbered dots, and a path from the point through them to the default target.
        var lifted = await page.RunAndWaitForResponseAsync(() => page.GetByTestId("mode-lift").CheckAsync(), r => r.Url.Contains("/api/journey"));
        Assert.Equal(200, lifted.Status);
        const int n = 10;
        var songs = page.GetByTestId("song");
        await Expect(songs).ToHaveCountAsync(n);
        await Expect(page.GetByTestId("song-point")).ToHaveCountAsync(n);
        for (int i = 0; i < n; i++)
            await Expect(page.GetByTestId("song-point").Nth(i)).ToHaveAttributeAsync("data-number", (i + 1).ToString(CultureInfo.InvariantCulture));
        var line = page.GetByTestId("journey-path-line");
        Assert.Equal(n + 2, (await line.GetAttributeAsync("points"))!.Split(' ').Length);
        await Expect(page.GetByTestId("target-point")).ToBeVisibleAsync();
        var from = new AffectPoint(analysis.Valence, analysis.Arousal);
        var rule = Circumplex.Music.Journeys.LiftTarget.For(new AffectPoint(Math.Round(from.Valence, 4), Math.Round(from.Arousal, 4)));
        Assert.Equal(rule.Valence, BrowserTests.Attr(await page.GetByTestId("target-point").GetAttributeAsync("data-valence")), 3);
        var first = Journey(new AffectPoint(Math.Round(from.Valence, 4), Math.Round(from.Arousal, 4)), null, n);
        for (int i = 0; i < n; i++) await Expect(songs.Nth(i)).ToHaveAttributeAsync("data-song-id", first[i]);

        // Hovering a song (its title: the player is another page) highlights its dot and says where it lies; so does focus.
        await songs.Nth(2).GetByTestId("song-title").HoverAsync();
        await Expect(page.Locator($"[data-testid=song-point][data-song-id='{first[2]}']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("highlight"));
        await Expect(page.GetByTestId("song-info")).ToContainTextAsync("from your point");
        await page.Mouse.MoveAsync(0, 0); // away from the list, so that scrolling to the focused song hovers nothing
        await songs.Nth(4).FocusAsync();
        await Expect(page.Locator($"[data-testid=song-point][data-song-id='{first[4]}']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("highlight"));
        await fixture.Screenshot(page, "real-4-lift");

        // Drag the target to the far corner: the journey is planned again and the list follows.
        double tv = rule.Valence > 0 ? -0.8 : 0.8, ta = rule.Arousal > 0 ? -0.8 : 0.8;
        await BrowserTests.DragPointTo(page, tv, ta, "target-point");
        double dv = BrowserTests.Attr(await page.GetByTestId("target-point").GetAttributeAsync("data-valence"));
        double da = BrowserTests.Attr(await page.GetByTestId("target-point").GetAttributeAsync("data-arousal"));
        Assert.Equal(tv, dv, 1);
        Assert.Equal(ta, da, 1);
        var moved = Journey(new AffectPoint(Math.Round(from.Valence, 4), Math.Round(from.Arousal, 4)), new AffectPoint(dv, da), n);
        Assert.NotEqual(first, moved);
        for (int i = 0; i < n; i++) await Expect(songs.Nth(i)).ToHaveAttributeAsync("data-song-id", moved[i]);
        await fixture.Screenshot(page, "real-5-target-dragged");

        // The M3U8 download holds the ten songs on show, in order.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-m3u8").ClickAsync());
        Assert.Equal("circumplex-lift.m3u8", download.SuggestedFilename);
        string saved = await download.PathAsync();
        var entries = PlaylistFiles.ReadM3u8(await File.ReadAllTextAsync(saved, TestContext.Current.CancellationToken));
        Assert.Equal(moved.Select(id => $"https://open.spotify.com/track/{id}"), entries.Select(e => e.Location));
        await Expect(page.GetByTestId("export-status")).ToHaveTextAsync("Saved circumplex-lift.m3u8.");
    }

    [Fact(Timeout = 180_000)]
    public async Task Clicking_another_face_uses_its_mood_and_the_mood_after_a_journey_is_recorded()
    {
        var page = await fixture.NewPage(fixture.Host!);
        await using var _page = page.Context;
        await BrowserTests.Ready(page);

        // Two people: both boxes are drawn; the analysis used the first (the largest).
        string photo = Path.Combine(SharedData.Root!, "photos/face_recognition/two_people.jpg");
        var analysed = await page.RunAndWaitForResponseAsync(() => page.GetByTestId("photo-file").SetInputFilesAsync(photo), r => r.Url.Contains("/api/analyze"));
        var analysis = System.Text.Json.JsonSerializer.Deserialize<AnalyzeResponse>(await analysed.TextAsync(), Http.Json)!;
        Assert.True(analysis.Faces.Count >= 2, $"{analysis.Faces.Count} face(s) found in two_people.jpg");
        var boxes = page.GetByTestId("face-box");
        await Expect(boxes).ToHaveCountAsync(analysis.Faces.Count);
        await Expect(boxes.First).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("selected"));

        // Click the second: its crop is analysed, and the point moves to that face's estimate.
        var second = await page.RunAndWaitForResponseAsync(() => boxes.Nth(1).ClickAsync(), r => r.Url.Contains("/api/analyze"));
        Assert.Equal(200, second.Status);
        var other = System.Text.Json.JsonSerializer.Deserialize<AnalyzeResponse>(await second.TextAsync(), Http.Json)!;
        await Expect(page.GetByTestId("analysis-message")).ToHaveTextAsync("Face 2 is used.");
        await Expect(boxes.Nth(1)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("selected"));
        var point = page.GetByTestId("user-point");
        Assert.Equal(other.Valence, BrowserTests.Attr(await point.GetAttributeAsync("data-valence")), 3);
        var (faces, estimates) = fixture.Real!.AnalyzeFaces(await File.ReadAllBytesAsync(photo, TestContext.Current.CancellationToken), Circumplex.Acquisition.MultiFaceMode.Each);
        var f = analysis.Faces[1];
        int index = Enumerable.Range(0, faces.Crops.Count).MinBy(i =>
            Math.Abs(faces.Crops[i].Face.X + faces.Crops[i].Face.Width / 2.0 - (f.X + f.Width / 2.0)) + Math.Abs(faces.Crops[i].Face.Y - f.Y));
        Assert.InRange(other.Valence - estimates[index].Point.Valence, -0.25, 0.25);
        Assert.InRange(other.Arousal - estimates[index].Point.Arousal, -0.25, 0.25);

        // Lift, then "how do you feel now?": move the point and save; the export has before → after with the session.
        await page.RunAndWaitForResponseAsync(() => page.GetByTestId("mode-lift").CheckAsync(), r => r.Url.Contains("/api/journey"));
        await Expect(page.GetByTestId("song")).ToHaveCountAsync(10);
        double before = BrowserTests.Attr(await point.GetAttributeAsync("data-valence")), beforeA = BrowserTests.Attr(await point.GetAttributeAsync("data-arousal"));
        await page.GetByTestId("feel-now").ClickAsync();
        string[] shown = await page.GetByTestId("song").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.songId)");
        await BrowserTests.DragPointTo(page, 0.6, -0.2);
        double nowV = BrowserTests.Attr(await point.GetAttributeAsync("data-valence")), nowA = BrowserTests.Attr(await point.GetAttributeAsync("data-arousal"));
        // No Match answer names the emotion here: the page names it from the model's regions (the tree at the cell's centre).
        await Expect(page.GetByTestId("emotion")).ToHaveTextAsync(Shown(fixture.Real!.EmotionTree.Predict(CellCentre(nowV, nowA)).Name()));
        Assert.Equal(shown, await page.GetByTestId("song").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.songId)")); // the journey stays while answering
        await page.GetByTestId("feel-save").ClickAsync();
        await Expect(page.GetByTestId("feel-status")).ToContainTextAsync("Saved:");
        var mood = Assert.Single(await FeedbackExport.Read(fixture.Host!.Operator), r => r["kind"] == "mood" && r["valence"] == before.ToString("R", CultureInfo.InvariantCulture));
        Assert.Equal(("lift", beforeA.ToString("R", CultureInfo.InvariantCulture)), (mood["mode"], mood["arousal"]));
        Assert.Equal(0.6, double.Parse(mood["after_valence"], CultureInfo.InvariantCulture), 1);
        Assert.Equal(-0.2, double.Parse(mood["after_arousal"], CultureInfo.InvariantCulture), 1);
        Assert.Matches("^[A-Za-z0-9-]+$", mood["session"]);
        Assert.NotEqual("", mood["target_valence"]);
        await fixture.Screenshot(page, "real-6-two-faces-after");
    }
}
