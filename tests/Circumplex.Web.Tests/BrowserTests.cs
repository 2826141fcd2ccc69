using System.Globalization;
using System.Text.RegularExpressions;
using Circumplex.Feedback;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Circumplex.Web.Tests;

/// <summary>The page end to end in headless Chromium with a fake camera showing a real face.</summary>
public class BrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly string[] Emotions = ["Neutral", "Happy", "Sad", "Surprise", "Fear", "Disgust", "Anger", "Contempt"];

    internal static async Task Ready(IPage page)
    {
        await page.GotoAsync("/", new PageGotoOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
        await Expect(page.Locator("body[data-ready=true]")).ToBeAttachedAsync();
    }

    internal static double Attr(string? value) => double.Parse(value!, CultureInfo.InvariantCulture);

    /// <summary>Drags the user's point (or another point of the plane, by its test id) with the mouse from where it is to (v, a).</summary>
    /// <remarks>
    /// Each step asks the page where (v, a) is on screen now (the SVG's own screen matrix, as the page's drag
    /// handler uses): text above the plane changes as the point moves, so a position measured once goes stale.
    /// </remarks>
    internal static async Task DragPointTo(IPage page, double v, double a, string testId = "user-point")
    {
        await page.Locator("#circumplex").ScrollIntoViewIfNeededAsync();
        var dot = (await page.GetByTestId(testId).BoundingBoxAsync())!;
        double v0 = Attr(await page.GetByTestId(testId).GetAttributeAsync("data-valence"));
        double a0 = Attr(await page.GetByTestId(testId).GetAttributeAsync("data-arousal"));
        await page.Mouse.MoveAsync(dot.X + dot.Width / 2, dot.Y + dot.Height / 2);
        await page.Mouse.DownAsync();
        const int steps = 12;
        for (int i = 1; i <= steps + 1; i++)
        {
            double t = Math.Min(1, i / (double)steps);
            var (x, y) = await ScreenPoint(page, v0 + t * (v - v0), a0 + t * (a - a0));
            await page.Mouse.MoveAsync(x, y);
            if (i == steps) await page.WaitForTimeoutAsync(300); // let the layout settle, then land on the target again
        }
        await page.Mouse.UpAsync();
    }

    private static async Task<(float X, float Y)> ScreenPoint(IPage page, double v, double a)
    {
        var xy = await page.EvaluateAsync<float[]>(
            "([v, a]) => { const p = new DOMPoint(v, -a).matrixTransform(document.getElementById('circumplex').getScreenCTM()); return [p.x, p.y]; }",
            new[] { v, a });
        return (xy[0], xy[1]);
    }

    [Fact(Timeout = 90_000)]
    public async Task Capture_drag_vote_and_survey_end_to_end()
    {
        var page = await fixture.NewPage(fixture.Host!);
        await using var _page = page.Context;
        await Ready(page);
        // Regions, axes and the songs for the starting point (0, 0) are there before any photo.
        await Expect(page.Locator("#regions rect")).Not.ToHaveCountAsync(0);
        await Expect(page.Locator("#legend li")).ToHaveCountAsync(8);
        await Expect(page.Locator("#circumplex")).ToContainTextAsync("valence");
        await Expect(page.Locator("#circumplex")).ToContainTextAsync("arousal");
        await Expect(page.GetByTestId("privacy-note")).ToHaveTextAsync("Privacy: photos are processed in memory and never stored.");
        await Expect(page.GetByTestId("privacy-photos")).ToHaveTextAsync("Photos are processed in memory and never stored.");

        // Capture from the fake camera (a real face photo).
        var capture = page.GetByTestId("capture");
        await Expect(capture).ToBeEnabledAsync();
        await Expect(page.GetByTestId("camera-message")).ToContainTextAsync("Camera on");
        var response = await page.RunAndWaitForResponseAsync(() => capture.ClickAsync(), r => r.Url.Contains("/api/analyze"));
        Assert.Equal(200, response.Status);
        var analysis = System.Text.Json.JsonSerializer.Deserialize<AnalyzeResponse>(await response.TextAsync(), Http.Json)!;
        Assert.Equal(new ImageSize(640, 480), analysis.Image); // the camera frame, as captured by the page
        await Expect(page.GetByTestId("analysis-message")).ToHaveTextAsync("1 face found.");
        await Expect(page.GetByTestId("emotion")).ToHaveTextAsync(char.ToUpperInvariant(analysis.Emotion[0]) + analysis.Emotion[1..]);
        Assert.Contains(await page.GetByTestId("emotion").TextContentAsync(), Emotions);
        await Expect(page.GetByTestId("point-source")).ToHaveTextAsync("estimated from your photo");
        var point = page.GetByTestId("user-point");
        Assert.Equal(analysis.Valence, Attr(await point.GetAttributeAsync("data-valence")), 3);
        Assert.Equal(analysis.Arousal, Attr(await point.GetAttributeAsync("data-arousal")), 3);
        var songs = page.GetByTestId("song");
        await Expect(songs).ToHaveCountAsync(5);
        await Expect(page.GetByTestId("song-point")).ToHaveCountAsync(5);
        for (int i = 0; i < 5; i++)
            await Expect(songs.Nth(i)).ToHaveAttributeAsync("data-song-id", analysis.Songs[i].Id);
        var first = songs.First;
        await Expect(first.GetByTestId("song-title")).ToHaveTextAsync(analysis.Songs[0].Title);
        await Expect(first.Locator("iframe.player")).ToHaveAttributeAsync("src", $"https://open.spotify.com/embed/track/{analysis.Songs[0].Id}");
        await Expect(first.GetByTestId("spotify-link")).ToHaveAttributeAsync("href", $"https://open.spotify.com/track/{analysis.Songs[0].Id}");
        await Expect(first.Locator(".distance")).ToContainTextAsync("distance 0.");
        await fixture.Screenshot(page, "1-captured");

        // Drag the point to the far corner of the plane: new songs at once.
        string before = (await first.GetAttributeAsync("data-song-id"))!;
        double targetV = analysis.Valence > 0 ? -0.8 : 0.8, targetA = analysis.Arousal > 0 ? -0.7 : 0.7;
        await DragPointTo(page, targetV, targetA);
        await Expect(first).Not.ToHaveAttributeAsync("data-song-id", before);
        await Expect(page.GetByTestId("point-source")).ToHaveTextAsync("set by hand");
        Assert.Equal(targetV, Attr(await point.GetAttributeAsync("data-valence")), 1);
        Assert.Equal(targetA, Attr(await point.GetAttributeAsync("data-arousal")), 1);
        await Expect(songs).ToHaveCountAsync(5);

        // Keyboard: arrows move the point by 0.05 (Shift: 0.2) and fetch again.
        double a0 = Attr(await point.GetAttributeAsync("data-arousal"));
        await point.FocusAsync();
        await page.Keyboard.PressAsync("Shift+ArrowUp");
        await page.Keyboard.PressAsync("ArrowUp");
        await Expect(point).ToHaveAttributeAsync("data-arousal", (a0 + 0.25).ToString("0.0000", CultureInfo.InvariantCulture));
        await Expect(page.GetByTestId("va")).ToContainTextAsync("arousal");
        // The keyboard focus ring is the halo's stroke: a CSS outline on an SVG child is sized in the viewBox's units,
        // so "3px" there is wider than the whole plane and paints over it.
        var ring = await page.EvaluateAsync<string[]>(
            "() => { const p = document.getElementById('user-point'); return [getComputedStyle(p).outlineStyle, getComputedStyle(p.querySelector('.halo')).stroke]; }");
        Assert.Equal(["none", "rgb(247, 144, 9)"], ring);
        var recommend = await page.RunAndWaitForResponseAsync(() => page.Keyboard.PressAsync("ArrowLeft"), r => r.Url.Contains("/api/recommend"));
        Assert.Equal(200, recommend.Status);
        await Expect(songs).ToHaveCountAsync(5);
        string v = (await point.GetAttributeAsync("data-valence"))!, a = (await point.GetAttributeAsync("data-arousal"))!;
        var expected = System.Text.Json.JsonSerializer.Deserialize<RecommendResponse>(await recommend.TextAsync(), Http.Json)!;
        await Expect(first).ToHaveAttributeAsync("data-song-id", expected.Songs[0].Id);
        await fixture.Screenshot(page, "2-dragged");

        // Thumbs up for song 1, down for song 2.
        string up = (await songs.Nth(0).GetAttributeAsync("data-song-id"))!;
        string down = (await songs.Nth(1).GetAttributeAsync("data-song-id"))!;
        await songs.Nth(0).GetByTestId("thumb-up").ClickAsync();
        await Expect(songs.Nth(0).GetByTestId("vote-status")).ToHaveTextAsync("Thanks!");
        await Expect(songs.Nth(0).GetByTestId("thumb-up")).ToHaveAttributeAsync("aria-pressed", "true");
        await songs.Nth(1).GetByTestId("thumb-down").ClickAsync();
        await Expect(songs.Nth(1).GetByTestId("vote-status")).ToHaveTextAsync("Thanks!");

        // The survey: the paper's four statements, verbatim.
        for (int q = 1; q <= 4; q++)
            await Expect(page.Locator($"#q{q}-text")).ToHaveTextAsync(LikertSurvey.Statements[q - 1]);
        await page.GetByTestId("survey-submit").ClickAsync();
        await Expect(page.GetByTestId("survey-status")).ToContainTextAsync("Pick an answer");
        int[] answers = [4, 3, 2, 5];
        for (int q = 1; q <= 4; q++) await page.Locator($"input[name=q{q}][value='{answers[q - 1]}']").CheckAsync();
        await page.GetByTestId("survey-submit").ClickAsync();
        await Expect(page.GetByTestId("survey-status")).ToHaveTextAsync("Thank you: your answers were saved.");
        await fixture.Screenshot(page, "3-feedback");

        // All of it is in the CSV export, with the point it refers to, the mode and the visit's session.
        var export = await page.APIRequest.GetAsync("/api/feedback/export", new()
        {
            Headers = new Dictionary<string, string> { ["Authorization"] = $"Bearer {TestServerHost.OperatorToken}" },
        });
        var lines = (await export.TextAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        string where = $",{double.Parse(v, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture)},{double.Parse(a, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture)},";
        Assert.Contains(lines, l => l.Contains($",song{where}") && l.Contains($",manual,{up},") && Regex.IsMatch(l, ",up,,,,,match,,,[A-Za-z0-9-]+,,$"));
        Assert.Contains(lines, l => l.Contains($",song{where}") && l.Contains($",manual,{down},") && Regex.IsMatch(l, ",down,,,,,match,,,[A-Za-z0-9-]+,,$"));
        Assert.Contains(lines, l => l.Contains($",survey{where}") && Regex.IsMatch(l, ",4,3,2,5,match,,,[A-Za-z0-9-]+,,$"));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_photo_without_a_face_says_so_and_a_real_photo_upload_works()
    {
        var page = await fixture.NewPage(fixture.Host!);
        await using var _page = page.Context;
        await Ready(page);
        await page.GetByTestId("photo-file").SetInputFilesAsync(new FilePayload
        {
            Name = "wall.png", MimeType = "image/png", Buffer = TestImages.Png(64, 64, comment: FakePhotoAnalyzer.NoFaceMarker),
        });
        var message = page.GetByTestId("analysis-message");
        await Expect(message).ToHaveAttributeAsync("data-status", "422");
        await Expect(message).ToHaveTextAsync("No face was found in the photo: face the camera in good light, or try another photo");
        await Expect(page.GetByTestId("emotion")).ToHaveTextAsync("Neutral"); // unchanged: the starting point (0, 0)
        await fixture.Screenshot(page, "4-no-face");

        await page.GetByTestId("photo-file").SetInputFilesAsync(Path.Combine(SharedData.Root!, BrowserFixture.FacePhoto));
        await Expect(message).ToHaveAttributeAsync("data-status", "200");
        var (v, _) = FakePhotoAnalyzer.Expected(await File.ReadAllBytesAsync(Path.Combine(SharedData.Root!, BrowserFixture.FacePhoto), TestContext.Current.CancellationToken));
        await Expect(page.GetByTestId("user-point")).ToHaveAttributeAsync("data-valence", v.ToString("0.0000", CultureInfo.InvariantCulture));
        await Expect(page.GetByTestId("song")).ToHaveCountAsync(5);
    }

    [Fact(Timeout = 60_000)]
    public async Task Without_a_model_the_page_draws_no_regions_names_no_emotion_and_dragging_still_gives_songs()
    {
        if (fixture.SkipReason is not null) Assert.Skip(fixture.SkipReason);
        await using var host = await TestServerHost.StartAsync(analyzer: null, kestrel: true);
        var page = await fixture.NewPage(host);
        await using var _page = page.Context;
        await Ready(page);
        await Expect(page.GetByTestId("plane-message")).ToHaveTextAsync(new Regex("^No affect model is loaded, so there are no emotion regions or names"));
        await Expect(page.GetByTestId("camera-message")).ToContainTextAsync("No affect model is loaded on this server");
        // Every photo would get a 503: the camera is not asked for and neither photo input is offered.
        await Expect(page.GetByTestId("capture")).ToBeDisabledAsync();
        await Expect(page.GetByTestId("photo-file")).ToBeDisabledAsync();
        await Expect(page.GetByTestId("start-camera")).ToBeHiddenAsync();
        Assert.False(await page.EvaluateAsync<bool>("!!document.getElementById('camera').srcObject"), "the camera was opened without a model");
        await Expect(page.GetByTestId("song")).ToHaveCountAsync(5);
        Assert.Equal(0, await page.Locator("#regions rect").CountAsync());
        Assert.Equal(0, await page.Locator("#legend li").CountAsync());
        await Expect(page.GetByTestId("emotion")).ToHaveTextAsync("—");

        string before = (await page.GetByTestId("song").First.GetAttributeAsync("data-song-id"))!;
        await page.Locator("#circumplex").ScrollIntoViewIfNeededAsync();
        var svg = (await page.Locator("#circumplex").BoundingBoxAsync())!;
        await page.Mouse.ClickAsync(svg.X + svg.Width * 0.15f, svg.Y + svg.Height * 0.85f); // about (−0.95, −0.85)
        await Expect(page.GetByTestId("song").First).Not.ToHaveAttributeAsync("data-song-id", before);
        await Expect(page.GetByTestId("point-source")).ToHaveTextAsync("set by hand");
        await Expect(page.GetByTestId("emotion")).ToHaveTextAsync("—");
        // Feedback without an emotion name is still taken.
        await page.GetByTestId("song").First.GetByTestId("thumb-up").ClickAsync();
        await Expect(page.GetByTestId("song").First.GetByTestId("vote-status")).ToHaveTextAsync("Thanks!");
        await fixture.Screenshot(page, "8-no-model");
    }

    [Fact(Timeout = 60_000)]
    public async Task With_photo_storage_on_the_page_says_photos_are_stored_and_an_upload_is_kept()
    {
        if (fixture.SkipReason is not null) Assert.Skip(fixture.SkipReason);
        string store = Directory.CreateTempSubdirectory("circumplex-stored-").FullName;
        try
        {
            await using var host = await TestServerHost.StartAsync(fixture.Analyzer, kestrel: true, configure: o => o with { PhotoStorageDirectory = store });
            var page = await fixture.NewPage(host);
            await using var _page = page.Context;
            // Only the operator's photos are stored: sign this browser in (the cookie is shared with the page).
            var signIn = await page.APIRequest.PostAsync("/api/operator/session", new() { DataObject = new { token = TestServerHost.OperatorToken } });
            Assert.Equal(200, signIn.Status);
            await Ready(page);
            await Expect(page.GetByTestId("privacy-note")).ToHaveTextAsync("Privacy: this server stores every photo it analyses (its operator turned photo storage on).");
            await Expect(page.GetByTestId("privacy-photos")).ToHaveTextAsync("Analysed photos are stored on this server.");
            string photo = Path.Combine(SharedData.Root!, BrowserFixture.FacePhoto);
            await page.GetByTestId("photo-file").SetInputFilesAsync(photo);
            await Expect(page.GetByTestId("analysis-message")).ToHaveAttributeAsync("data-status", "200");
            Assert.Equal(await File.ReadAllBytesAsync(photo, TestContext.Current.CancellationToken),
                await File.ReadAllBytesAsync(Assert.Single(Directory.GetFiles(store)), TestContext.Current.CancellationToken));
            await fixture.Screenshot(page, "9-photos-stored");
        }
        finally
        {
            Directory.Delete(store, true);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task A_denied_camera_explains_what_to_do()
    {
        var page = await fixture.NewPage(fixture.Host!, initScript:
            "navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));");
        await using var _page = page.Context;
        await Ready(page);
        await Expect(page.GetByTestId("camera-message")).ToContainTextAsync("Camera access was denied");
        await Expect(page.GetByTestId("capture")).ToBeDisabledAsync();
        await Expect(page.GetByTestId("start-camera")).ToBeVisibleAsync();
        var absent = await fixture.NewPage(fixture.Host!, initScript:
            "navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Requested device not found', 'NotFoundError'));");
        await using var _absent = absent.Context;
        await Ready(absent);
        await Expect(absent.GetByTestId("camera-message")).ToContainTextAsync("No camera was found. Upload a photo instead.");
    }

    [Fact(Timeout = 60_000)]
    public async Task Readable_on_a_phone_sized_screen()
    {
        var page = await fixture.NewPage(fixture.Host!, new ViewportSize { Width = 390, Height = 844 });
        await using var _page = page.Context;
        await Ready(page);
        await Expect(page.GetByTestId("song")).ToHaveCountAsync(5);
        int overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the page is {overflow}px wider than the phone screen");
        var svg = (await page.Locator("#circumplex").BoundingBoxAsync())!;
        Assert.InRange(svg.Width, 250, 390);
        await fixture.Screenshot(page, "5-phone");
    }

    [Fact(Timeout = 90_000)]
    public async Task An_empty_catalog_offers_the_operator_the_upload_form_after_sign_in_and_the_upload_brings_songs()
    {
        if (fixture.SkipReason is not null) Assert.Skip(fixture.SkipReason);
        await using var empty = await TestServerHost.StartAsync(fixture.Analyzer, withCatalog: false, kestrel: true);
        var page = await fixture.NewPage(empty);
        await using var _page = page.Context;
        await Ready(page);
        await Expect(page.GetByTestId("catalog-empty")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("catalog-summary")).ToHaveTextAsync("empty");
        await Expect(page.GetByTestId("songs-message")).ToContainTextAsync("The catalog is empty");
        await Expect(page.GetByTestId("song")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("emotion")).ToHaveTextAsync("Neutral"); // named from the regions, without songs
        await fixture.Screenshot(page, "6-empty-catalog");

        // A visitor sees the sign-in, not the upload form nor the export link; a wrong token is told so.
        await Expect(page.GetByTestId("upload-form")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("feedback-export")).ToBeHiddenAsync();
        await page.GetByTestId("operator-token").FillAsync("not-the-operator-token");
        await page.GetByTestId("operator-signin").ClickAsync();
        await Expect(page.GetByTestId("operator-status")).ToHaveTextAsync("wrong operator token");
        await Expect(page.GetByTestId("upload-form")).ToBeHiddenAsync();
        await page.GetByTestId("operator-token").FillAsync(TestServerHost.OperatorToken);
        await page.GetByTestId("operator-signin").ClickAsync();
        await Expect(page.GetByTestId("operator-status")).ToHaveTextAsync("Signed in as the operator.");
        await Expect(page.GetByTestId("upload-form")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("feedback-export")).ToBeVisibleAsync();
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "circumplex-operator");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);

        await page.GetByTestId("catalog-file").SetInputFilesAsync(TestServerHost.CatalogPath);
        await page.GetByTestId("upload-submit").ClickAsync();
        await Expect(page.GetByTestId("upload-status")).ToContainTextAsync("Imported 5,000 songs from tracks.csv (schema kaggle-600k)");
        await Expect(page.GetByTestId("song")).ToHaveCountAsync(5);
        await Expect(page.GetByTestId("catalog-summary")).ToHaveTextAsync(new Regex("^5,000 songs"));
        await Expect(page.GetByTestId("catalog-empty")).ToBeHiddenAsync();
        await fixture.Screenshot(page, "7-uploaded");

        // After a reload the page asks for a new antiforgery token and may still write; after signing out it may not.
        await page.ReloadAsync();
        await Ready(page);
        await page.Locator("#catalog-heading").ClickAsync(); // the panel starts closed when the catalog has songs
        await Expect(page.GetByTestId("upload-form")).ToBeVisibleAsync();
        await page.GetByTestId("catalog-file").SetInputFilesAsync(TestServerHost.CatalogPath);
        await page.GetByTestId("upload-submit").ClickAsync();
        await Expect(page.GetByTestId("upload-status")).ToContainTextAsync("Imported 5,000 songs");
        await page.GetByTestId("operator-signout").ClickAsync();
        await Expect(page.GetByTestId("upload-form")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("operator-form")).ToBeVisibleAsync();
    }

    [Fact(Timeout = 90_000)]
    public async Task A_renamed_export_asks_for_a_column_in_a_wrapping_message_and_imports_with_the_mapping()
    {
        if (fixture.SkipReason is not null) Assert.Skip(fixture.SkipReason);
        var lines = await File.ReadAllLinesAsync(SharedData.Require("catalogs/audio_features_2019_sample4k/spotify_sample.csv"), TestContext.Current.CancellationToken);
        // Two columns could hold the artists ('Performer' and 'Artist'), and line 3 has no valid id.
        var rows = lines.Skip(1).Take(300).Select((l, i) => l + ",someone").ToArray();
        rows[1] = rows[1].Replace(rows[1].Split(',')[1], "no-id");
        string dir = Directory.CreateTempSubdirectory("circumplex-browser-").FullName;
        string csv = Path.Combine(dir, "my-export.csv");
        await File.WriteAllLinesAsync(csv, [lines[0].Replace("artist_name", "Performer").Replace("track_id", "Track URI") + ",Artist", .. rows],
            TestContext.Current.CancellationToken);
        try
        {
            await using var empty = await TestServerHost.StartAsync(fixture.Analyzer, withCatalog: false, kestrel: true);
            var page = await fixture.NewPage(empty);
            await using var _page = page.Context;
            await page.SetViewportSizeAsync(390, 844);
            await Ready(page);
            await page.GetByTestId("operator-token").FillAsync(TestServerHost.OperatorToken);
            await page.GetByTestId("operator-signin").ClickAsync();
            await Expect(page.GetByTestId("upload-form")).ToBeVisibleAsync();
            await page.GetByTestId("catalog-file").SetInputFilesAsync(csv);
            await page.GetByTestId("upload-submit").ClickAsync();
            var status = page.GetByTestId("upload-status");
            await Expect(status).ToContainTextAsync("artists could be any of the columns 'Performer', 'Artist'");
            // The message (with the header's 19 column names in one unbroken run) wraps inside the panel.
            int overflow = await status.EvaluateAsync<int>("el => el.scrollWidth - el.clientWidth");
            Assert.True(overflow <= 0, $"the message is {overflow}px wider than its box");
            Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth") <= 0, "the page scrolls sideways");
            await fixture.Screenshot(page, "8-column-question");

            await page.GetByTestId("catalog-columns").FillAsync("artists=Performer");
            await page.GetByTestId("upload-submit").ClickAsync();
            await Expect(status).ToContainTextAsync("Imported 299 songs from my-export.csv (schema --columns): 299 added, 0 updated, 1 skipped as malformed");
            await Expect(status).ToContainTextAsync("columns id=Track URI, title=track_name, artists=Performer");
            await Expect(page.GetByTestId("upload-errors")).ToContainTextAsync("line 3: id 'no-id' is not a 22-character Spotify id");
            await Expect(page.GetByTestId("song")).ToHaveCountAsync(5);
            await fixture.Screenshot(page, "9-imported-with-mapping");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
