using System.Diagnostics;

namespace Circumplex.Web.Tests;

/// <summary>Debian's nginx as a loopback load balancer in front of some instances, with its own config and folder.</summary>
public sealed class NginxBalancer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;

    private NginxBalancer(Process process, string folder, Uri address)
    {
        _process = process;
        _folder = folder;
        Address = address;
    }

    public Uri Address { get; }

    public static string? Binary() => new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists);

    public static async Task<NginxBalancer> StartAsync(IEnumerable<Uri> upstreams)
    {
        string nginx = Binary() ?? throw new InvalidOperationException("nginx is not installed");
        string folder = Directory.CreateTempSubdirectory("circumplex-nginx-").FullName;
        int port = Circumplex.Tests.Postgres.PostgresCluster.FreePort();
        string servers = string.Join("\n", upstreams.Select(u => $"    server {u.Authority} max_fails=1 fail_timeout=2s;"));
        // As root, nginx's workers would switch to 'nobody' and could not write the temporary folders made here.
        string user = Environment.IsPrivilegedProcess ? "user root;" : "";
        string config = $$"""
            {{user}}
            worker_processes 1;
            daemon off;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;
            events { worker_connections 512; }
            http {
              access_log off;
              client_body_temp_path {{folder}}/body;
              proxy_temp_path {{folder}}/proxy;
              fastcgi_temp_path {{folder}}/fastcgi;
              uwsgi_temp_path {{folder}}/uwsgi;
              scgi_temp_path {{folder}}/scgi;
              client_max_body_size 300m;
              upstream circumplex {
            {{servers}}
                keepalive 16;
              }
              server {
                listen 127.0.0.1:{{port}};
                location / {
                  proxy_pass http://circumplex;
                  proxy_http_version 1.1;
                  proxy_set_header Connection "";
                  proxy_set_header Host $http_host;
                  proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                  proxy_set_header X-Forwarded-Proto $scheme;
                  proxy_next_upstream error timeout http_502 http_503;
                  proxy_connect_timeout 1s;
                }
              }
            }
            """;
        string file = Path.Combine(folder, "nginx.conf");
        await File.WriteAllTextAsync(file, config);
        var start = new ProcessStartInfo(nginx) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-p", folder, "-c", file }) start.ArgumentList.Add(a);
        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start nginx");
        var balancer = new NginxBalancer(process, folder, new Uri($"http://127.0.0.1:{port}"));
        await ServeProcess.WaitUntilReady(balancer.Address, () => process.HasExited
            ? $"nginx exited with {process.ExitCode}: {process.StandardError.ReadToEnd()} {ReadLog(folder)}"
            : null);
        return balancer;
    }

    private static string ReadLog(string folder)
    {
        string log = Path.Combine(folder, "error.log");
        return File.Exists(log) ? File.ReadAllText(log) : "";
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
        try { Directory.Delete(_folder, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return ValueTask.CompletedTask;
    }
}
