using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Circumplex.Web.Tests;

/// <summary>Operator-only work (catalog upload, feedback export) and same-origin writes.</summary>
public class OperatorAccessTests
{
    private static MultipartFormDataContent OneSong(string id = "AAAAAAAAAAAAAAAAAAAAAA") => Http.Multipart("file",
        Encoding.UTF8.GetBytes(SyntheticCatalog.Kaggle600kHeader + "\n" + SyntheticCatalog.Row(id, "Planted", ["Attacker"], 0.5, 0.5) + "\n"),
        "one.csv", "text/csv");

    private static HttpRequestMessage Upload(HttpContent content, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/catalog/upload?replace=true") { Content = content };
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }

    private static async Task<int> SongCount(TestServerHost host) =>
        (await Http.Ok<CatalogStatusResponse>(await host.Client.Get("/api/catalog"))).SongCount;

    [Fact]
    public async Task A_cross_origin_no_cors_upload_is_refused_and_the_catalog_is_unchanged()
    {
        await using var host = await TestServerHost.StartAsync(null, kestrel: true);
        var ct = TestContext.Current.CancellationToken;
        // What a page on another site sends from a visitor's browser with fetch(url, {method: 'POST', mode: 'no-cors', body: formData}).
        // It carries no credential: the operator's cookie is SameSite=Strict, so no browser sends it along from another site.
        var fromBrowser = Upload(OneSong(), ("Origin", "http://evil.example"), ("Sec-Fetch-Site", "cross-site"), ("Sec-Fetch-Mode", "no-cors"));
        await Http.Problem(await host.Client.SendAsync(fromBrowser, ct), HttpStatusCode.Unauthorized, "is the operator's");
        // Even with the operator's token (say, a browser extension adding it), another origin cannot write.
        var withToken = Upload(OneSong(), ("Origin", "http://evil.example"), ("Authorization", $"Bearer {TestServerHost.OperatorToken}"));
        await Http.Problem(await host.Client.SendAsync(withToken, ct), HttpStatusCode.Forbidden, "not from 127.0.0.1");
        // An older browser without Sec-Fetch-* but with Origin, and a sandboxed frame's "null" origin.
        var sandboxed = Upload(OneSong(), ("Origin", "null"), ("Authorization", $"Bearer {TestServerHost.OperatorToken}"));
        await Http.Problem(await host.Client.SendAsync(sandboxed, ct), HttpStatusCode.Forbidden, "cross-origin write refused");
        // Cross-origin feedback too (every write).
        var vote = new HttpRequestMessage(HttpMethod.Post, "/api/feedback")
        {
            Content = new StringContent("""{"valence": 0, "arousal": 0, "survey": {"q1": 5}}""", Encoding.UTF8, "application/json"),
        };
        vote.Headers.Add("Sec-Fetch-Site", "same-site");
        await Http.Problem(await host.Client.SendAsync(vote, ct), HttpStatusCode.Forbidden, "comes from a same-site page");
        Assert.Equal(5000, await SongCount(host));
        var rec = await Http.Ok<RecommendResponse>(await host.Client.Get("/api/recommend?valence=0&arousal=0"));
        Assert.DoesNotContain(rec.Songs, s => s.Title == "Planted");
    }

    [Fact]
    public async Task Without_a_token_uploads_and_exports_are_401_and_the_token_works()
    {
        await using var host = await TestServerHost.StartAsync(null, kestrel: true);
        var ct = TestContext.Current.CancellationToken;
        var none = await host.Client.Post("/api/catalog/upload?replace=true", OneSong());
        await Http.Problem(none, HttpStatusCode.Unauthorized, "Authorization: Bearer TOKEN");
        Assert.Equal("Bearer realm=\"circumplex operator\"", none.Headers.WwwAuthenticate.Single().ToString());
        await Http.Problem(await host.Client.Get("/api/feedback/export"), HttpStatusCode.Unauthorized, "is the operator's");
        var wrong = Upload(OneSong(), ("Authorization", "Bearer not-the-token-but-long-enough"));
        await Http.Problem(await host.Client.SendAsync(wrong, ct), HttpStatusCode.Unauthorized, "is the operator's");
        Assert.Equal(5000, await SongCount(host));

        // Same origin as the browser sees it, with the token: accepted.
        var same = Upload(OneSong(), ("Origin", host.BaseAddress.GetLeftPart(UriPartial.Authority)), ("Sec-Fetch-Site", "same-origin"),
            ("Authorization", $"Bearer {TestServerHost.OperatorToken}"));
        Assert.Equal(1, (await Http.Ok<UploadResponse>(await host.Client.SendAsync(same, ct))).SongCount);
        var export = await host.Operator.Get("/api/feedback/export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.True((await Http.Ok<CatalogStatusResponse>(await host.Operator.Get("/api/catalog"))).Operator);
        Assert.False((await Http.Ok<CatalogStatusResponse>(await host.Client.Get("/api/catalog"))).Operator);
    }

    [Fact]
    public async Task A_text_plain_catalog_body_is_refused()
    {
        await using var host = await TestServerHost.StartAsync(null);
        var plain = new StringContent(SyntheticCatalog.Kaggle600kHeader + "\n" + SyntheticCatalog.Row("BBBBBBBBBBBBBBBBBBBBBB", "Raw", ["A"], 0.5, 0.5) + "\n");
        plain.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        await Http.Problem(await host.Operator.Post("/api/catalog/upload", plain), HttpStatusCode.UnsupportedMediaType, "'text/plain' is not accepted here");
    }

    [Fact]
    public async Task Hosts_other_than_the_allowed_ones_are_refused()
    {
        await using var host = await TestServerHost.StartAsync(null, kestrel: true);
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/catalog");
        request.Headers.Host = "rebound.example";
        var r = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.Get("/api/catalog")).StatusCode);
    }

    [Fact]
    public async Task The_page_signs_in_with_the_token_into_a_strict_cookie_and_its_writes_need_the_antiforgery_token()
    {
        await using var host = await TestServerHost.StartAsync(null, kestrel: true);
        var ct = TestContext.Current.CancellationToken;
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = host.BaseAddress };
        await Http.Problem(await browser.PostJson("/api/operator/session", """{"token": "wrong-wrong-wrong-wrong"}"""), HttpStatusCode.Unauthorized, "wrong operator token");
        Assert.False((await Http.Ok<OperatorSessionResponse>(await browser.Get("/api/operator/session"))).SignedIn);

        var signIn = await browser.PostJson("/api/operator/session", $$"""{"token": "{{TestServerHost.OperatorToken}}"}""");
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("circumplex-operator=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        var session = await Http.Ok<OperatorSessionResponse>(signIn);
        Assert.True(session.SignedIn);
        Assert.False(string.IsNullOrEmpty(session.AntiforgeryToken));

        // Reading the export is not a write: the cookie is enough.
        Assert.Equal(HttpStatusCode.OK, (await browser.Get("/api/feedback/export")).StatusCode);
        // A write with the cookie but without the antiforgery token is refused; with it, it is taken.
        await Http.Problem(await browser.Post("/api/catalog/upload?replace=true", OneSong()), HttpStatusCode.Forbidden, "needs the antiforgery token");
        var forged = Upload(OneSong(), ("X-CSRF-TOKEN", "forged"));
        await Http.Problem(await browser.SendAsync(forged, ct), HttpStatusCode.Forbidden, "antiforgery token is missing or does not match");
        Assert.Equal(5000, await SongCount(host));
        var fresh = await Http.Ok<OperatorSessionResponse>(await browser.Get("/api/operator/session"));
        Assert.True(fresh.SignedIn);
        var good = Upload(OneSong(), ("X-CSRF-TOKEN", fresh.AntiforgeryToken!));
        Assert.Equal(1, (await Http.Ok<UploadResponse>(await browser.SendAsync(good, ct))).SongCount);

        Assert.Equal(HttpStatusCode.NoContent, (await browser.DeleteAsync("/api/operator/session", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.Get("/api/feedback/export")).StatusCode);
    }

    [Fact]
    public async Task Without_a_configured_token_one_is_generated_beside_the_database_readable_by_its_owner_only()
    {
        string dir = Directory.CreateTempSubdirectory("circumplex-token-").FullName;
        try
        {
            var options = new WebOptions { DatabasePath = Path.Combine(dir, "c.db"), Urls = "http://127.0.0.1:0" };
            string token;
            await using (var app = CircumplexWebApp.Create(options))
            {
                string file = Path.Combine(dir, Operator.OperatorToken.GeneratedFileName);
                Assert.Contains(file, app.OperatorTokenOrigin());
                if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
                token = File.ReadAllText(file).Trim();
                Assert.True(token.Length >= 32, token.Length.ToString());
            }
            // The next start keeps it.
            await using (var again = CircumplexWebApp.Create(options))
                Assert.Equal(token, File.ReadAllText(Path.Combine(dir, Operator.OperatorToken.GeneratedFileName)).Trim());
            // A token that is too short is refused at start.
            var e = Assert.Throws<ArgumentException>(() => CircumplexWebApp.Create(options with { OperatorToken = "short" }));
            Assert.Contains("needs at least 16", e.Message);
            var missing = Assert.Throws<FileNotFoundException>(() => CircumplexWebApp.Create(options with { OperatorTokenFile = Path.Combine(dir, "nope") }));
            Assert.Contains("operator token file not found", missing.Message);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, true);
        }
    }
}
