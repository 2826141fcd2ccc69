using System.Net;
using System.Text.Json;

namespace Circumplex.Web.Tests;

/// <summary>Health, readiness, metrics for the operator, and draining at shutdown.</summary>
public class ObservabilityTests
{
    [Fact]
    public async Task Healthz_says_alive_and_readyz_names_the_model_and_the_catalog_generation()
    {
        await using var host = await TestServerHost.StartAsync(new FakePhotoAnalyzer());
        var alive = await host.Client.Get("/healthz");
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal("Healthy", JsonDocument.Parse(await alive.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("status").GetString());

        var ready = await host.Client.Get("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var json = JsonDocument.Parse(await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal("Healthy", json.GetProperty("status").GetString());
        Assert.Equal(1, json.GetProperty("generation").GetInt64());
        Assert.Equal(1, json.GetProperty("databaseGeneration").GetInt64());
        Assert.Equal(5000, json.GetProperty("songs").GetInt32());
        Assert.Equal(new FakePhotoAnalyzer().ModelName, json.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Without_a_model_readyz_is_degraded_but_still_200()
    {
        await using var host = await TestServerHost.StartAsync(null);
        var ready = await host.Client.Get("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var json = JsonDocument.Parse(await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal("Degraded", json.GetProperty("status").GetString());
        Assert.Contains("no affect model loaded", json.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Metrics_are_the_operators_and_count_requests_per_route_analysis_stages_and_the_generation()
    {
        await using var host = await TestServerHost.StartAsync(new FakePhotoAnalyzer(), kestrel: true);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client.Get("/metrics")).StatusCode);
        for (int i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await host.Client.Get("/api/recommend?valence=0.1&arousal=0.2")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.Post("/api/analyze", Http.Multipart("photo", TestImages.Png(16, 16), "me.png", "image/png"))).StatusCode);

        string text = "";
        for (int attempt = 0; attempt < 20; attempt++) // the exporter caches its answer briefly
        {
            var r = await host.Operator.Get("/metrics");
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            text = await r.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            if (text.Contains("stage=\"analyze\"") && text.Contains("http_route=\"/api/recommend\"")) break;
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
        Assert.Contains("circumplex_catalog_generation", text);
        Assert.Contains("circumplex_analysis_queue_length", text);
        foreach (var stage in new[] { "read", "wait", "analyze", "recommend" })
            Assert.Contains($"circumplex_analysis_stage_duration_seconds_count{{otel_scope_name=\"Circumplex.Web\",stage=\"{stage}\"}}", text.Replace("otel_scope_version=\"\",", ""));
        Assert.Contains("http_server_request_duration_seconds", text);
        Assert.Contains("http_route=\"/api/recommend\"", text);
    }

    [Fact]
    public async Task Stopping_lets_a_request_in_flight_finish()
    {
        using var gate = new ManualResetEventSlim(false);
        var analyzer = new FakePhotoAnalyzer { Gate = gate };
        var host = await TestServerHost.StartAsync(analyzer, kestrel: true);
        try
        {
            var inFlight = host.Client.Post("/api/analyze", Http.Multipart("photo", TestImages.Png(16, 16), "me.png", "image/png"));
            await analyzer.WaitForCallsAsync(1, TimeSpan.FromSeconds(30));
            // What SIGTERM does: the host stops (here without the signal, through the same lifetime).
            var stopping = host.App.StopAsync(TestContext.Current.CancellationToken);
            await Task.Delay(300, TestContext.Current.CancellationToken);
            Assert.False(stopping.IsCompleted, "the host stopped with an analysis in flight");
            gate.Set();
            var r = await inFlight;
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            await stopping;
            await Assert.ThrowsAsync<HttpRequestException>(() => new HttpClient { BaseAddress = host.BaseAddress }.GetAsync("/healthz", TestContext.Current.CancellationToken));
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Sigterm_lets_the_request_in_flight_finish_then_the_server_exits()
    {
        string dir = Directory.CreateTempSubdirectory("circumplex-sigterm-").FullName;
        try
        {
            await using var serve = await ServeProcess.StartAsync(Path.Combine(dir, "c.db"), dir, TestServerHost.OperatorToken);
            var ct = TestContext.Current.CancellationToken;
            byte[] body = System.Text.Encoding.UTF8.GetBytes("""{"valence": 0.25, "arousal": -0.5, "survey": {"q1": 4}}""");
            using var tcp = new System.Net.Sockets.TcpClient();
            await tcp.ConnectAsync(serve.Address.Host, serve.Address.Port, ct);
            var stream = tcp.GetStream();
            string head = $"POST /api/feedback HTTP/1.1\r\nHost: {serve.Address.Authority}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n";
            await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head), ct);
            await stream.WriteAsync(body.AsMemory(0, 10), ct); // the request is in flight: its body is still arriving
            await Task.Delay(500, ct);
            serve.Terminate();
            await Task.Delay(3000, ct); // longer than System.CommandLine's 2 s grace, which used to end serve here
            Assert.False(serve.HasExited, $"the server exited with a request in flight: {serve.Output}");
            await stream.WriteAsync(body.AsMemory(10), ct);
            var answer = new byte[1024];
            int n = await stream.ReadAsync(answer, ct);
            Assert.StartsWith("HTTP/1.1 201 Created", System.Text.Encoding.ASCII.GetString(answer, 0, n));
            Assert.True(serve.WaitForExit(TimeSpan.FromSeconds(20)), "the server did not exit after SIGTERM");
            Assert.Equal(0, serve.ExitCode);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, true);
        }
    }
}
