using Circumplex.Music.Import;
using Circumplex.Music.Storage;
using Xunit;

namespace Circumplex.Tests.Music;

/// <summary>The catalog contract on SQLite, plus what only a file-based store has.</summary>
public class SqliteCatalogStoreTests : CatalogStoreContract
{
    private string Db => Path.Combine(Folder, "sub", "catalog.db");

    protected override ICatalogStore Open() => new SqliteCatalogStore(Db);

    public override void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        base.Dispose();
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_left_alone()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Db)!);
        File.WriteAllText(Db, "precious notes");
        Assert.Throws<InvalidDataException>(() => new SqliteCatalogStore(Db));
        Assert.Equal("precious notes", File.ReadAllText(Db));
    }

    [Fact]
    public void A_first_import_into_a_new_file_bypasses_the_write_ahead_log_and_leaves_the_file_in_wal_mode()
    {
        using (var store = Open())
        {
            store.Import(CatalogReader.Read(Csv(5000, 1)), "a.csv");
            // In WAL mode the log would hold every page of 5,000 songs (hundreds of KB) until the next checkpoint.
            long logged = File.Exists(Db + "-wal") ? new FileInfo(Db + "-wal").Length : 0;
            Assert.True(logged < 64 * 1024, $"the log holds {logged:N0} bytes");
            Assert.Equal("wal", JournalMode());
            store.Import(CatalogReader.Read(Csv(100, 2)), "b.csv"); // the second import is an ordinary WAL one
            Assert.Equal(5100, store.Count());
        }
        using var reopened = Open();
        Assert.Equal(5100, reopened.Count());
    }

    [Fact]
    public void A_new_file_that_another_connection_has_open_is_imported_in_wal_mode_without_waiting()
    {
        using var store = Open();
        using var other = Open(); // e.g. a server started on the same new path
        Assert.Equal(0, other.Count());
        var clock = System.Diagnostics.Stopwatch.StartNew();
        store.Import(CatalogReader.Read(Csv(500, 1)), "a.csv");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Equal(500, other.Count());
        Assert.Equal("wal", JournalMode());
    }

    private string JournalMode()
    {
        using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Db};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode";
        return (string)cmd.ExecuteScalar()!;
    }

    [Fact]
    public void Its_location_is_the_file()
    {
        using var store = Open();
        Assert.Equal(Db, store.Location);
        Assert.True(File.Exists(Db));
    }

    [Fact]
    public void Default_path_follows_the_environment_variable()
    {
        string? before = Environment.GetEnvironmentVariable(CatalogDatabase.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(CatalogDatabase.EnvironmentVariable, "/tmp/x.db");
            Assert.Equal("/tmp/x.db", CatalogDatabase.DefaultPath());
            Environment.SetEnvironmentVariable(CatalogDatabase.EnvironmentVariable, null);
            Assert.EndsWith(Path.Combine("circumplex", "circumplex.db"), CatalogDatabase.DefaultPath());
        }
        finally
        {
            Environment.SetEnvironmentVariable(CatalogDatabase.EnvironmentVariable, before);
        }
    }
}
