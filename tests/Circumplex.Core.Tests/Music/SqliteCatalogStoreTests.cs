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
