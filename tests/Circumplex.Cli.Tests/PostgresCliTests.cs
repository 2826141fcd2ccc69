using Circumplex.Cli;
using Circumplex.Tests.Postgres;
using Npgsql;
using Spectre.Console.Testing;
using Xunit;

namespace Circumplex.Tests.Cli;

/// <summary>The command line on PostgreSQL (--db URI) answers exactly as on a SQLite file.</summary>
[Collection(PostgresCollection.Name)]
public class PostgresCliTests(PostgresCluster cluster) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("circumplex-cli-pg-").FullName;
    private readonly TestDatabase _database = new(cluster);

    public void Dispose()
    {
        _database.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, true);
    }

    private static (int Code, string Output) Run(string db, params string[] args)
    {
        var console = new TestConsole { Profile = { Width = 250 } };
        var stdout = new StringWriter();
        int code = CircumplexCli.Run([.. args, "--db", db], console, stdout);
        return (code, console.Output + stdout);
    }

    [Fact]
    public void Import_stats_and_recommend_through_a_postgres_uri_match_sqlite()
    {
        string uri = _database.Uri;
        var b = new NpgsqlConnectionStringBuilder(_database.ConnectionString);
        string file = Path.Combine(_dir, "c.db");
        string csv = Path.Combine(_dir, "tracks.csv");
        SyntheticCatalog.Write(csv, 3000, 11);

        foreach (var db in new[] { uri, file })
        {
            var (code, output) = Run(db, "catalog", "import", csv);
            Assert.Equal(0, code);
            Assert.Contains("now holds 3,000 songs", output);
            Assert.DoesNotContain(b.Password!, output);
        }
        var (pgCode, pgStats) = Run(uri, "catalog", "stats");
        Assert.Equal(0, pgCode);
        Assert.Contains($"Catalog postgresql://postgres@127.0.0.1:{b.Port}/{b.Database}: 3,000 songs", pgStats);
        Assert.DoesNotContain(b.Password!, pgStats);
        string Tables(string stats) => stats[stats.IndexOf("valence ", StringComparison.Ordinal)..];
        Assert.Equal(Tables(Run(file, "catalog", "stats").Output), Tables(pgStats));

        foreach (var (v, a) in new[] { ("0.8", "0.6"), ("-1", "-1"), ("0", "0.25") })
        {
            var fromPostgres = Run(uri, "recommend", "-v", v, "-a", a, "-k", "12", "--json");
            Assert.Equal(0, fromPostgres.Code);
            Assert.Equal(Run(file, "recommend", "-v", v, "-a", a, "-k", "12", "--json").Output, fromPostgres.Output);
        }
    }
}
