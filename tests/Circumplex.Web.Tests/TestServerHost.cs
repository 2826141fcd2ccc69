using Circumplex.Music.Import;
using Circumplex.Music.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace Circumplex.Web.Tests;

/// <summary>
/// Starts the web app on a temporary database, in process (TestServer) or on real Kestrel at a free loopback port.
/// The catalog comes from shared/data (catalogs/tracks600k_first5000/tracks.csv), imported once per test run into a
/// template database that each host copies; tests skip with a clear message when shared/data is absent.
/// </summary>
public sealed class TestServerHost : IAsyncDisposable
{
    public const string OperatorToken = "test-operator-token-0123456789";

    public const string CatalogFile = "catalogs/tracks600k_first5000/tracks.csv";

    private static readonly Lazy<string> Template = new(BuildTemplate, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly string RunDirectory = Path.Combine(Path.GetTempPath(), $"circumplex-web-tests-{Environment.ProcessId}");

    static TestServerHost()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { if (Directory.Exists(RunDirectory)) Directory.Delete(RunDirectory, true); } catch (IOException) { }
        };
    }

    public static string CatalogPath => SharedData.Require(CatalogFile);

    private static string BuildTemplate()
    {
        string csv = CatalogPath;
        Directory.CreateDirectory(RunDirectory);
        string db = Path.Combine(RunDirectory, "template.db");
        using (var store = new SqliteCatalogStore(db)) store.Import(CatalogReader.Read(csv), "tracks.csv");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return db;
    }

    public required WebApplication App { get; init; }
    /// <summary>A visitor: no credentials.</summary>
    public required HttpClient Client { get; init; }
    /// <summary>The operator: sends <see cref="OperatorToken"/> as a Bearer token.</summary>
    public required HttpClient Operator { get; init; }
    public required string Folder { get; init; }
    public required string DatabasePath { get; init; }
    public required Uri BaseAddress { get; init; }

    public static async Task<TestServerHost> StartAsync(
        IPhotoAnalyzer? analyzer = null, bool withCatalog = true, Func<WebOptions, WebOptions>? configure = null,
        bool kestrel = false, string? databasePath = null)
    {
        string dir = databasePath is null ? System.IO.Directory.CreateTempSubdirectory("circumplex-web-").FullName : Path.GetDirectoryName(databasePath)!;
        string db = databasePath ?? Path.Combine(dir, "circumplex.db");
        if (withCatalog && databasePath is null) File.Copy(Template.Value, db);
        var options = new WebOptions { DatabasePath = db, Urls = "http://127.0.0.1:0", OperatorToken = OperatorToken };
        if (configure is not null) options = configure(options);
        var app = CircumplexWebApp.Create(options, analyzer, kestrel ? null : b => b.WebHost.UseTestServer());
        await app.StartAsync(TestContext.Current.CancellationToken);
        Uri baseAddress = kestrel
            ? new Uri(app.ListeningAddresses().First(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal)))
            : app.GetTestClient().BaseAddress!;
        HttpClient NewClient() => kestrel ? new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) } : app.GetTestClient();
        var client = NewClient();
        var operatorClient = NewClient();
        operatorClient.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", OperatorToken);
        return new TestServerHost { App = app, Client = client, Operator = operatorClient, Folder = dir, DatabasePath = db, BaseAddress = baseAddress };
    }

    /// <summary>Stops the app but keeps its database (to start another on it).</summary>
    public async Task StopAsync()
    {
        Client.Dispose();
        Operator.Dispose();
        await App.StopAsync(TestContext.Current.CancellationToken);
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    public async ValueTask DisposeAsync()
    {
        try { await StopAsync(); } catch (ObjectDisposedException) { }
        try { System.IO.Directory.Delete(Folder, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
