using System.Diagnostics;
using System.Text;

namespace Circumplex.Web.Tests;

/// <summary>
/// `circumplex serve` as its own process (the built CLI beside the tests), so that it can be killed as a real
/// instance would be. Its output is kept for the failure message.
/// </summary>
public sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServeProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static async Task<ServeProcess> StartAsync(string database, string dataDirectory, string token, params string[] extra)
    {
        int port = Circumplex.Tests.Postgres.PostgresCluster.FreePort();
        string cli = Path.Combine(AppContext.BaseDirectory, "circumplex.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { cli, "serve", "--db", database, "--urls", $"http://127.0.0.1:{port}", "--data-dir", dataDirectory, "--no-model" }.Concat(extra))
            start.ArgumentList.Add(a);
        start.Environment[Operator.OperatorToken.EnvironmentVariable] = token;
        start.Environment["CIRCUMPLEX_DB"] = null;
        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start circumplex serve");
        var serve = new ServeProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (serve._output) serve._output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (serve._output) serve._output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitUntilReady(serve.Address, () => process.HasExited ? $"circumplex serve exited with {process.ExitCode}: {serve.Output}" : null);
        return serve;
    }

    /// <summary>Polls /readyz until it answers 200 (or <paramref name="failed"/> says why it never will).</summary>
    public static async Task WaitUntilReady(Uri address, Func<string?> failed)
    {
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (failed() is { } why) throw new InvalidOperationException(why);
            try
            {
                if ((await client.GetAsync("/readyz")).IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            if (clock.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException($"{address} not ready after 60 s");
            await Task.Delay(100);
        }
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Sends SIGTERM, as a service manager or a container runtime stops a server.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    /// <summary>kill -9: no shutdown, no flushing, as a crash or an OOM kill.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
