using Circumplex.Feedback;
using Circumplex.Music.Storage;
using Circumplex.Music.Storage.Postgres;
using Npgsql;
using Xunit;

namespace Circumplex.Tests.Music;

/// <summary>How --db / CIRCUMPLEX_DB name a database: files, PostgreSQL URIs and keyword strings.</summary>
public class CatalogDatabaseTests
{
    [Theory]
    [InlineData("catalog.db")]
    [InlineData("/var/lib/circumplex/circumplex.db")]
    [InlineData("./postgres.db")]
    [InlineData("postgres")]
    [InlineData("/data/a=b;c.db")]
    [InlineData("mysql://u@h/db")]
    public void File_names_are_sqlite(string database) => Assert.False(CatalogDatabase.IsPostgres(database));

    [Theory]
    [InlineData("postgres://u@h/db")]
    [InlineData("postgresql://h")]
    [InlineData("PostgreSQL://h/db")]
    [InlineData("Host=h;Database=db")]
    [InlineData("Database=db; server = h")]
    public void Uris_and_keyword_strings_are_postgres(string database) => Assert.True(CatalogDatabase.IsPostgres(database));

    private static NpgsqlConnectionStringBuilder Parse(string database) => new(PostgresConnectionString.Parse(database));

    [Fact]
    public void A_uri_gives_every_part_percent_decoded()
    {
        var b = Parse("postgresql://mu%40sic:p%40ss%3Aw%2Frd@db.example.org:6543/circum%20plex?sslmode=require&connect_timeout=7&application_name=web%201");
        Assert.Equal(("mu@sic", "p@ss:w/rd", "db.example.org", 6543, "circum plex"), (b.Username, b.Password, b.Host, b.Port, b.Database));
        Assert.Equal((SslMode.Require, 7, "web 1"), (b.SslMode, b.Timeout, b.ApplicationName));
    }

    [Fact]
    public void Omitted_parts_keep_postgresql_defaults()
    {
        var b = Parse("postgres://h");
        Assert.Equal(("h", NpgsqlConnection.DefaultPort), (b.Host, b.Port));
        Assert.Null(b.Username);
        Assert.Null(b.Password);
        Assert.Null(b.Database);
        var at = Parse("postgres://u:p@w@h/db"); // an unencoded '@' in the password: the last one ends the user info
        Assert.Equal(("h", "u", "p@w", "db"), (at.Host, at.Username, at.Password, at.Database));
    }

    [Fact]
    public void Ipv6_hosts_and_socket_directories_are_understood()
    {
        var v6 = Parse("postgresql://u@[::1]:5433/db");
        Assert.Equal(("::1", 5433), (v6.Host, v6.Port));
        Assert.Equal("/var/run/postgresql", Parse("postgresql://u@%2Fvar%2Frun%2Fpostgresql/db").Host);
        var query = Parse("postgresql:///db?host=/tmp/pg&port=5999&user=me&dbname=other");
        Assert.Equal(("/tmp/pg", 5999, "me", "other"), (query.Host, query.Port, query.Username, query.Database));
    }

    [Fact]
    public void A_keyword_string_is_passed_to_npgsql()
    {
        var b = Parse("Host=h;Port=6000;Database=d;Username=u;Password=secret");
        Assert.Equal(("h", 6000, "d", "u", "secret"), (b.Host, b.Port, b.Database, b.Username, b.Password));
    }

    [Theory]
    [InlineData("postgres://u:hunter2@h:abc/db", "port 'abc' is not a number")]
    [InlineData("postgres://u:hunter2@h:70000/db", "port '70000' is not a number in 1..65535")]
    [InlineData("postgres://u:hunter2@/db", "names no host")]
    [InlineData("postgres://u:hunter2@h1,h2/db", "several hosts")]
    [InlineData("postgres://u:hunter2@[::1/db", "IPv6")]
    [InlineData("postgres://u:hunt%zz2@h/db", "the password has a '%'")]
    [InlineData("postgres://u:hunter2@h/db?sslmode=sometimes", "sslmode 'sometimes'")]
    [InlineData("postgres://u:hunter2@h/db?colour=blue", "parameter 'colour' is not supported")]
    [InlineData("postgres://u@h/db?password=hunter2&port=x", "port 'x'")]
    [InlineData("postgres://u@h/a/b?password=hunter2", "not a database name")]
    public void A_malformed_uri_is_refused_naming_the_fault_but_not_the_password(string uri, string fault)
    {
        var e = Assert.Throws<ArgumentException>(() => CatalogDatabase.OpenCatalog(uri));
        Assert.Contains("malformed PostgreSQL URI", e.Message);
        Assert.Contains(fault, e.Message);
        Assert.DoesNotContain("hunter2", e.Message);
        Assert.DoesNotContain("hunt%zz2", e.Message);
        Assert.Contains("***", e.Message);
        Assert.Null(e.ParamName);
    }

    [Theory]
    [InlineData("Host=h;Port=x;Password=hunter2", "port")]
    [InlineData("Host=h;Databse=d;Password=hunter2", "unknown keyword 'databse'")]
    public void A_malformed_keyword_string_is_refused_without_the_password(string database, string fault)
    {
        var e = Assert.Throws<ArgumentException>(() => CatalogDatabase.OpenFeedback(database));
        Assert.Contains("malformed PostgreSQL connection string", e.Message);
        Assert.Contains(fault, e.Message);
        Assert.DoesNotContain("hunter2", e.Message);
    }

    [Theory]
    [InlineData("postgresql://u:hunter2@h:5/db", "postgresql://u@h:5/db")]
    [InlineData("postgresql://u:hunter2@h/db", "postgresql://u@h:5432/db")]
    [InlineData("postgresql://h/db?password=hunter2&user=u", "postgresql://u@h:5432/db")]
    [InlineData("Host=h;Password=hunter2;Username=u;Database=db", "postgresql://u@h:5432/db")]
    [InlineData("postgresql://u:hunter2@h:bad/db", "postgresql://u:***@h:bad/db")]
    [InlineData("Host=h;Pwd=hunter2;Port=bad", "Host=h;Pwd=***;Port=bad")]
    [InlineData("/srv/c.db", "/srv/c.db")]
    public void Describe_never_shows_the_password(string database, string shown) => Assert.Equal(shown, CatalogDatabase.Describe(database));

    [Fact]
    public void A_file_opens_the_sqlite_stores()
    {
        string dir = Directory.CreateTempSubdirectory("circumplex-factory-").FullName;
        try
        {
            string db = Path.Combine(dir, "c.db");
            using (var catalog = CatalogDatabase.OpenCatalog(db)) Assert.IsType<SqliteCatalogStore>(catalog);
            using (var feedback = CatalogDatabase.OpenFeedback(db)) Assert.IsType<SqliteFeedbackStore>(feedback);
            Assert.True(File.Exists(db));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, true);
        }
    }
}
