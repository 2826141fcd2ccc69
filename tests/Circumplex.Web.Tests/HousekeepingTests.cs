using System.Net;
using Circumplex.Music.Import;
using Circumplex.Music.Storage;

namespace Circumplex.Web.Tests;

/// <summary>Headers on every response, no server paths in answers, upload temporary files kept private and swept.</summary>
public class HousekeepingTests
{
    [Fact]
    public async Task Every_response_forbids_framing()
    {
        await using var host = await TestServerHost.StartAsync(null, kestrel: true);
        var ct = TestContext.Current.CancellationToken;
        var rebound = new HttpRequestMessage(HttpMethod.Get, "/api/catalog");
        rebound.Headers.Host = "rebound.example";
        var responses = new Dictionary<string, HttpResponseMessage>
        {
            ["page"] = await host.Client.Get("/"),
            ["script"] = await host.Client.Get("/app.js"),
            ["json"] = await host.Client.Get("/api/catalog"),
            ["problem"] = await host.Client.Get("/api/recommend?valence=7&arousal=0"),
            ["404"] = await host.Client.Get("/api/nothing"),
            ["401"] = await host.Client.Get("/api/feedback/export"),
            ["csv"] = await host.Operator.Get("/api/feedback/export"),
            ["openapi"] = await host.Client.Get("/openapi/v1.json"),
            ["bad host"] = await host.Client.SendAsync(rebound, ct),
        };
        foreach (var (what, r) in responses)
        {
            Assert.True(r.Headers.TryGetValues("X-Frame-Options", out var xfo), $"{what}: no X-Frame-Options");
            Assert.Equal("DENY", xfo.Single());
            Assert.True(r.Headers.TryGetValues("Content-Security-Policy", out var csp), $"{what}: no CSP");
            Assert.Contains("frame-ancestors 'none'", csp.Single());
            Assert.Equal("nosniff", r.Headers.GetValues("X-Content-Type-Options").Single());
        }
        Assert.Contains("script-src 'self'", responses["page"].Headers.GetValues("Content-Security-Policy").Single());
        Assert.StartsWith("default-src 'none'", responses["json"].Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task The_catalog_status_names_imported_files_not_server_paths()
    {
        await using var host = await TestServerHost.StartAsync(null, withCatalog: false);
        string file = Path.Combine(host.Folder, "secret-folder", "my tracks.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        SyntheticCatalog.Write(file, 20, 5);
        // The command-line import records the full path, as `circumplex catalog import /srv/.../my tracks.csv` does.
        using (var cli = new SqliteCatalogStore(host.DatabasePath)) cli.Import(CatalogReader.Read(file), file);
        var status = await Http.Ok<CatalogStatusResponse>(await host.Client.Get("/api/catalog"));
        Assert.Equal("my tracks.csv", Assert.Single(status.Imports).Source);
        string raw = await (await host.Client.Get("/api/catalog")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain("secret-folder", raw);
        Assert.DoesNotContain(host.Folder, raw);
    }

    [Fact]
    public async Task Upload_files_wait_privately_in_the_data_folder_and_leftovers_of_dead_servers_are_swept_at_start()
    {
        string dir = Directory.CreateTempSubdirectory("circumplex-uploads-").FullName;
        try
        {
            string uploads = Path.Combine(dir, "uploads");
            Directory.CreateDirectory(uploads);
            int deadPid = 999_999_999; // above any pid_max
            string leftover = Path.Combine(uploads, $"upload-{deadPid}-{Guid.NewGuid():N}.csv.tmp");
            await File.WriteAllBytesAsync(leftover, new byte[100_000], TestContext.Current.CancellationToken);
            string live = Path.Combine(uploads, $"upload-1-{Guid.NewGuid():N}.csv.tmp"); // pid 1 always runs: another instance's upload
            await File.WriteAllTextAsync(live, "in progress", TestContext.Current.CancellationToken);

            await using var host = await TestServerHost.StartAsync(null, kestrel: true, databasePath: Path.Combine(dir, "c.db"),
                configure: o => o with { MinBodyBytesPerSecond = 10 });
            Assert.False(File.Exists(leftover), "the dead server's upload was not swept");
            Assert.True(File.Exists(live), "a live server's upload was swept");

            await using var slow = await SlowUploader.StartAsync(host.BaseAddress, "/api/catalog/upload", "text/csv", 1_000_000, TestServerHost.OperatorToken);
            string? mine = null;
            for (int i = 0; i < 100 && mine is null; i++)
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
                mine = Directory.GetFiles(uploads, $"upload-{Environment.ProcessId}-*.csv.tmp").SingleOrDefault();
            }
            Assert.NotNull(mine);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(mine));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(uploads));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }
}
