using System.Net;
using System.Net.Http.Headers;
using Circumplex.Affect;

namespace Circumplex.Web.Tests;

public class AnalyzeApiTests(SharedHostFixture fixture) : IClassFixture<SharedHostFixture>
{
    private HttpClient Client => fixture.Client;

    private static readonly byte[] Photo = TestImages.Png(64, 48);

    [Fact]
    public async Task A_photo_gives_faces_valence_arousal_emotion_and_the_nearest_songs()
    {
        var r = await Http.Ok<AnalyzeResponse>(await Client.Post("/api/analyze", Http.Multipart("photo", Photo, "me.png", "image/png")));
        var (v, a) = FakePhotoAnalyzer.Expected(Photo);
        Assert.Equal(v, r.Valence);
        Assert.Equal(a, r.Arousal);
        Assert.Equal(new ImageSize(64, 48), r.Image);
        Assert.Equal(new FaceBox(16, 12, 32, 24), Assert.Single(r.Faces));
        Assert.Equal(fixture.Analyzer.EmotionTree.Predict(new AffectPoint(v, a)).Name(), r.Emotion);
        Assert.Equal("fake (tests)", r.Model);
        Assert.Null(r.CatalogMessage);
        Assert.Equal(5, r.Songs.Count);
        // The same songs as /api/recommend at that point.
        var rec = await Http.Ok<RecommendResponse>(await Client.Get(FormattableString.Invariant($"/api/recommend?valence={v}&arousal={a}")));
        Assert.Equal(rec.Songs.Select(s => s.Id), r.Songs.Select(s => s.Id));
    }

    [Fact]
    public async Task A_raw_image_body_and_k_work_too()
    {
        var content = new ByteArrayContent(Photo);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        var r = await Http.Ok<AnalyzeResponse>(await Client.Post("/api/analyze?k=12", content));
        Assert.Equal(12, r.Songs.Count);
    }

    [Fact]
    public async Task The_photo_field_may_have_any_name_and_other_fields_are_ignored()
    {
        var form = new MultipartFormDataContent { { new StringContent("hello"), "note" } };
        var file = new ByteArrayContent(Photo);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "image", "x.png");
        await Http.Ok<AnalyzeResponse>(await Client.Post("/api/analyze", form));
    }

    [Fact]
    public async Task No_file_is_a_400()
    {
        var form = new MultipartFormDataContent { { new StringContent("hello"), "note" } };
        await Http.Problem(await Client.Post("/api/analyze", form), HttpStatusCode.BadRequest, "no photo: send it as multipart/form-data in a file field named 'photo'");
        await Http.Problem(await Client.Post("/api/analyze", new ByteArrayContent([])), HttpStatusCode.BadRequest, "no photo");
        await Http.Problem(await Client.Post("/api/analyze", Http.Multipart("photo", [], "empty.jpg", "image/jpeg")), HttpStatusCode.BadRequest, "the uploaded file empty.jpg is empty");
    }

    [Fact]
    public async Task Not_an_image_is_a_415()
    {
        await Http.Problem(await Client.Post("/api/analyze", Http.Multipart("photo", "id,name\n1,2\n"u8.ToArray(), "songs.csv", "text/csv")),
            HttpStatusCode.UnsupportedMediaType, "not an image");
        await Http.Problem(await Client.Post("/api/analyze", new StringContent("{\"photo\": 1}", System.Text.Encoding.UTF8, "application/json")),
            HttpStatusCode.UnsupportedMediaType, "content type 'application/json' is not accepted here");
    }

    [Fact]
    public async Task No_face_is_a_422()
    {
        var photo = TestImages.Png(32, 32, comment: FakePhotoAnalyzer.NoFaceMarker);
        var p = await Http.Problem(await Client.Post("/api/analyze", Http.Multipart("photo", photo, "wall.png", "image/png")),
            HttpStatusCode.UnprocessableEntity, "no face was found in the photo");
        Assert.Equal("No face found", p.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Too_many_pixels_is_a_413()
    {
        await Http.Problem(await Client.Post("/api/analyze", Http.Multipart("photo", TestImages.PngHeaderOnly(30000, 30000), "bomb.png", "image/png")),
            HttpStatusCode.RequestEntityTooLarge, "the image is 30000×30000 pixels");
    }

    [Fact]
    public async Task Bad_k_is_a_400_before_the_photo_is_read()
    {
        int before = fixture.Analyzer.Calls;
        await Http.Problem(await Client.Post("/api/analyze?k=0", Http.Multipart("photo", Photo, "me.png", "image/png")), HttpStatusCode.BadRequest, "k must lie in 1..100");
        Assert.Equal(before, fixture.Analyzer.Calls);
    }
}

public class AnalyzeLimitsTests
{
    [Fact]
    public async Task A_huge_photo_is_a_413_by_declared_length_or_by_counting()
    {
        await using var host = await TestServerHost.StartAsync(new FakePhotoAnalyzer(), configure: o => o with { MaxPhotoBytes = 100_000 });
        var big = TestImages.Png(400, 400, (x, y) => ((byte)(x * 7 + y * 13), (byte)(x * y), (byte)(x ^ y))); // incompressible enough
        Assert.True(big.Length > 100_000, $"{big.Length}");
        await Http.Problem(await host.Client.Post("/api/analyze", Http.Multipart("photo", big, "big.png", "image/png")),
            HttpStatusCode.RequestEntityTooLarge, "the photo is too large");
        // Chunked (no Content-Length): the server counts and stops.
        var chunked = new StreamContent(new MemoryStream(big));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/analyze") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        await Http.Problem(await host.Client.SendAsync(request, TestContext.Current.CancellationToken),
            HttpStatusCode.RequestEntityTooLarge, "over the 97.7 KB limit");
    }

    [Fact]
    public async Task Without_a_model_analyse_is_a_503_no_emotion_is_invented_and_songs_still_come()
    {
        await using var host = await TestServerHost.StartAsync(analyzer: null);
        var p = await Http.Problem(await host.Client.Post("/api/analyze", Http.Multipart("photo", TestImages.Png(8, 8), "me.png", "image/png")),
            HttpStatusCode.ServiceUnavailable, "no affect model is loaded");
        Assert.Equal("No model loaded", p.GetProperty("title").GetString());
        // No trained tree, so no regions and no emotion name: nothing hand-placed stands in for them.
        var regions = await Http.Problem(await host.Client.Get("/api/emotions/regions"), HttpStatusCode.ServiceUnavailable,
            "no affect model is loaded, so there are no emotion regions or names");
        Assert.Equal("No model loaded", regions.GetProperty("title").GetString());
        var rec = await Http.Ok<RecommendResponse>(await host.Client.Get("/api/recommend?valence=0.5&arousal=0.5"));
        Assert.Null(rec.Emotion);
        Assert.Equal(5, rec.Songs.Count);
        var status = await Http.Ok<CatalogStatusResponse>(await host.Client.Get("/api/catalog"));
        Assert.False(status.Model.Loaded);
        Assert.Null(status.Model.Name);
        Assert.Equal("none", status.Model.EmotionTree);
    }

    [Fact]
    public async Task Overload_is_refused_with_429_and_Retry_After_and_the_limit_holds()
    {
        using var gate = new ManualResetEventSlim(false);
        var analyzer = new FakePhotoAnalyzer { Gate = gate };
        await using var host = await TestServerHost.StartAsync(analyzer, configure: o => o with { AnalyzeConcurrency = 1, AnalyzeQueue = 1 });
        var photo = TestImages.Png(16, 16);
        var tasks = Enumerable.Range(0, 6).Select(_ => host.Client.Post("/api/analyze", Http.Multipart("photo", photo, "me.png", "image/png"))).ToArray();
        // While the one analysis is held, one request waits in the queue and the other four must be refused.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (tasks.Count(t => t.IsCompleted) < 4 && DateTime.UtcNow < deadline)
            await Task.Delay(10, TestContext.Current.CancellationToken);
        var early = tasks.Where(t => t.IsCompleted).Select(t => t.Result.StatusCode).ToArray();
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 4), early);
        Assert.Equal(1, analyzer.Calls);
        gate.Set();
        var responses = await Task.WhenAll(tasks);
        Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var rejected = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToArray();
        Assert.Equal(4, rejected.Length);
        Assert.Equal(TimeSpan.FromSeconds(1), rejected[0].Headers.RetryAfter?.Delta);
        await Http.Problem(rejected[0], HttpStatusCode.TooManyRequests, "retry in a second");
        Assert.Equal(1, analyzer.MaxConcurrent);
    }

    [Fact]
    public async Task With_an_empty_catalog_analyse_still_answers_and_says_why_there_are_no_songs()
    {
        await using var host = await TestServerHost.StartAsync(new FakePhotoAnalyzer(), withCatalog: false);
        var r = await Http.Ok<AnalyzeResponse>(await host.Client.Post("/api/analyze", Http.Multipart("photo", TestImages.Png(8, 8), "me.png", "image/png")));
        Assert.Empty(r.Songs);
        Assert.Contains("the catalog is empty", r.CatalogMessage);
    }
}
