using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Circumplex.Web.Tests;

/// <summary>A client that sends a request body a few bytes at a time, as a slow (or malicious) uploader does.</summary>
internal sealed class SlowUploader : IAsyncDisposable
{
    private readonly TcpClient _tcp = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _trickle;

    public static async Task<SlowUploader> StartAsync(Uri server, string path, string contentType, int contentLength, string? bearer = null)
    {
        var u = new SlowUploader();
        await u._tcp.ConnectAsync(server.Host, server.Port, TestContext.Current.CancellationToken);
        var stream = u._tcp.GetStream();
        string head = $"POST {path} HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: {contentType}\r\nContent-Length: {contentLength}\r\n" +
                      (bearer is null ? "" : $"Authorization: Bearer {bearer}\r\n") + "\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), TestContext.Current.CancellationToken);
        u._trickle = Task.Run(async () =>
        {
            try
            {
                while (!u._stop.IsCancellationRequested)
                {
                    await stream.WriteAsync("xxx"u8.ToArray(), u._stop.Token); // 30 B/s
                    await Task.Delay(100, u._stop.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException) { }
        });
        return u;
    }

    /// <summary>The status line the server answered with (it may answer before the body is complete), or null if it closed without one.</summary>
    public async Task<string?> StatusLine(TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        var buffer = new byte[512];
        try
        {
            int n = await _tcp.GetStream().ReadAsync(buffer, timeout.Token);
            return n == 0 ? null : Encoding.ASCII.GetString(buffer, 0, n).Split("\r\n")[0];
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_trickle is not null) await _trickle;
        _tcp.Dispose();
        _stop.Dispose();
    }
}

/// <summary>Slow clients and busy clients cannot lock others out.</summary>
public class FairnessTests
{
    [Fact]
    public async Task Slow_uploaders_do_not_block_normal_analyses()
    {
        // One slot and one queue place, as the measurement: ten connections trickling photos took them all.
        // The minimum data rate is set below their 30 B/s here, so that only reading before taking a slot can save the others.
        await using var host = await TestServerHost.StartAsync(new FakePhotoAnalyzer(), kestrel: true,
            configure: o => o with { AnalyzeConcurrency = 1, AnalyzeQueue = 1, MinBodyBytesPerSecond = 10 });
        var slow = new List<SlowUploader>();
        try
        {
            for (int i = 0; i < 10; i++) slow.Add(await SlowUploader.StartAsync(host.BaseAddress, "/api/analyze", "image/png", 200_000));
            await Task.Delay(300, TestContext.Current.CancellationToken); // their requests are in the handler, reading
            var photo = TestImages.Png(16, 16);
            var statuses = new List<HttpStatusCode>();
            for (int i = 0; i < 6; i++)
                statuses.Add((await host.Client.Post("/api/analyze", Http.Multipart("photo", photo, "me.png", "image/png"))).StatusCode);
            Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        }
        finally
        {
            foreach (var s in slow) await s.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_slow_catalog_upload_does_not_hold_the_import_lock()
    {
        await using var host = await TestServerHost.StartAsync(null, kestrel: true, configure: o => o with { MinBodyBytesPerSecond = 10 });
        await using var slow = await SlowUploader.StartAsync(host.BaseAddress, "/api/catalog/upload", "text/csv", 1_000_000, TestServerHost.OperatorToken);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        string csv = SyntheticCatalog.Kaggle600kHeader + "\n" + SyntheticCatalog.Row("HHHHHHHHHHHHHHHHHHHHHH", "Quick", ["A"], 0.5, 0.5) + "\n";
        var raw = new StringContent(csv);
        raw.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        Assert.Equal(1, (await Http.Ok<UploadResponse>(await host.Operator.Post("/api/catalog/upload", raw))).SongsImported);
    }

    [Fact]
    public async Task A_body_that_does_not_arrive_in_time_is_a_408()
    {
        await using var host = await TestServerHost.StartAsync(new FakePhotoAnalyzer(), kestrel: true,
            configure: o => o with { BodyTimeout = TimeSpan.FromSeconds(1), MinBodyBytesPerSecond = 10 });
        await using var slow = await SlowUploader.StartAsync(host.BaseAddress, "/api/analyze", "image/png", 200_000);
        Assert.Equal("HTTP/1.1 408 Request Timeout", await slow.StatusLine(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Each_client_address_is_limited_with_429_and_Retry_After()
    {
        await using var host = await TestServerHost.StartAsync(new FakePhotoAnalyzer(), kestrel: true,
            configure: o => o with { AnalyzeRateLimit = new(2, 3), FeedbackRateLimit = new(1, 2) });
        var photo = TestImages.Png(16, 16);
        for (int i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await host.Client.Post("/api/analyze", Http.Multipart("photo", photo, "me.png", "image/png"))).StatusCode);
        var limited = await host.Client.Post("/api/analyze", Http.Multipart("photo", photo, "me.png", "image/png"));
        await Http.Problem(limited, HttpStatusCode.TooManyRequests, "too many requests from your address to /api/analyze");
        Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 30);

        const string vote = """{"valence": 0, "arousal": 0, "survey": {"q1": 3}}""";
        for (int i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.Created, (await host.Client.PostJson("/api/feedback", vote)).StatusCode);
        await Http.Problem(await host.Client.PostJson("/api/feedback", vote), HttpStatusCode.TooManyRequests, "/api/feedback");
        // Reading is not limited.
        Assert.Equal(HttpStatusCode.OK, (await host.Client.Get("/api/recommend?valence=0&arousal=0")).StatusCode);

        // Another client address (through a proxy on loopback, which X-Forwarded-For names) has its own allowance.
        var other = new HttpRequestMessage(HttpMethod.Post, "/api/feedback") { Content = new StringContent(vote, Encoding.UTF8, "application/json") };
        other.Headers.Add("X-Forwarded-For", "203.0.113.7");
        Assert.Equal(HttpStatusCode.Created, (await host.Client.SendAsync(other, TestContext.Current.CancellationToken)).StatusCode);
    }
}
