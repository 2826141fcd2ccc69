using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Circumplex.Tests.Music.Download;

/// <summary>
/// A tiny HTTP/1.1 server on a free 127.0.0.1 port for download tests. Each request's path picks a handler that
/// writes the raw response (so tests can lie about lengths, stall or cut the connection).
/// </summary>
internal sealed class LocalHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, NetworkStream, CancellationToken, Task> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LocalHttpServer(Func<string, NetworkStream, CancellationToken, Task> handler)
    {
        _handler = handler;
        _listener.Start();
        _loop = Task.Run(AcceptLoop);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Uri Url(string path) => new($"http://127.0.0.1:{Port}{path}");

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try
                    {
                        var stream = client.GetStream();
                        string path = await ReadRequestPath(stream, _stop.Token);
                        await _handler(path, stream, _stop.Token);
                        await stream.FlushAsync(_stop.Token);
                    }
                    catch (Exception) { /* the client went away or the test ended */ }
                }
            });
        }
    }

    private static async Task<string> ReadRequestPath(NetworkStream stream, CancellationToken ct)
    {
        var buffer = new byte[8192];
        var text = new StringBuilder();
        while (!text.ToString().Contains("\r\n\r\n"))
        {
            int n = await stream.ReadAsync(buffer, ct);
            if (n == 0) break;
            text.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
        var first = text.ToString().Split("\r\n")[0].Split(' ');
        return first.Length > 1 ? first[1] : "/";
    }

    public static async Task Respond(NetworkStream s, int status, string contentType, byte[] body, long? contentLength = -1, CancellationToken ct = default)
    {
        var head = new StringBuilder($"HTTP/1.1 {status} {(status == 200 ? "OK" : "Error")}\r\nContent-Type: {contentType}\r\nConnection: close\r\n");
        long? length = contentLength == -1 ? body.Length : contentLength;
        if (length is long l) head.Append($"Content-Length: {l}\r\n");
        head.Append("\r\n");
        await s.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), ct);
        await s.WriteAsync(body, ct);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try { await _loop; } catch (Exception) { }
        _stop.Dispose();
    }
}
