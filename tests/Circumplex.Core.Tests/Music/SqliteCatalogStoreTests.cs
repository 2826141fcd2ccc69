using Circumplex.Affect;
using Circumplex.Music;
using Circumplex.Music.Import;
using Circumplex.Music.Storage;
using Xunit;

namespace Circumplex.Tests.Music;

public class SqliteCatalogStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("circumplex-store-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, true);
    }

    private string Db => Path.Combine(_dir, "sub", "catalog.db");

    private string Csv(int rows, int seed)
    {
        string path = Path.Combine(_dir, $"c{seed}.csv");
        SyntheticCatalog.Write(path, rows, seed);
        return path;
    }

    [Fact]
    public void Import_stores_every_field_and_survives_reopening()
    {
        var read = CatalogReader.Read(Csv(300, 1));
        using (var store = new SqliteCatalogStore(Db))
        {
            var record = store.Import(read, "c1.csv");
            Assert.Equal(300, record.SongsImported);
        }
        using (var store = new SqliteCatalogStore(Db))
        {
            Assert.Equal(300, store.Count());
            foreach (var song in read.Songs.Take(20))
            {
                var back = store.Find(song.Id)!;
                Assert.Equal(song.Title, back.Title);
                Assert.Equal(song.Artists, back.Artists);
                Assert.Equal(song.Year, back.Year);
                Assert.Equal(song.SpotifyValence, back.SpotifyValence);
                Assert.Equal(song.Explicit, back.Explicit);
            }
            var stats = store.Statistics();
            Assert.Equal(300, stats.SongCount);
            Assert.Equal(300, stats.Histogram.Cast<int>().Sum());
            Assert.Equal("kaggle-600k", Assert.Single(stats.Imports).Schema);
        }
    }

    [Fact]
    public void Reimport_updates_and_replace_clears()
    {
        using var store = new SqliteCatalogStore(Db);
        store.Import(CatalogReader.Read(Csv(100, 1)), "a");
        store.Import(CatalogReader.Read(Csv(100, 1)), "a again");
        Assert.Equal(100, store.Count());
        store.Import(CatalogReader.Read(Csv(50, 2)), "b");
        Assert.Equal(150, store.Count());
        store.Import(CatalogReader.Read(Csv(50, 2)), "b only", replaceExisting: true);
        Assert.Equal(50, store.Count());
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
    public void Recommender_returns_the_brute_force_nearest_songs()
    {
        var read = CatalogReader.Read(Csv(2000, 3));
        using var store = new SqliteCatalogStore(Db);
        store.Import(read, "x");
        var recommender = Recommender.FromStore(store);
        var query = new AffectPoint(0.8, 0.6);
        var got = recommender.Recommend(query, 5);
        var expected = SongIndexTests.BruteForce(read.Songs.Select(s => s.Id).ToArray(), read.Songs.Select(s => s.Point).ToArray(), query, 5);
        Assert.Equal(expected.Select(e => e.Id), got.Select(r => r.Song.Id));
        Assert.Equal(expected.Select(e => e.Distance), got.Select(r => r.Distance));
        Assert.Equal([1, 2, 3, 4, 5], got.Select(r => r.Rank));
    }

    [Fact]
    public void Empty_catalog_says_how_to_load_one()
    {
        using var store = new SqliteCatalogStore(Db);
        var ex = Assert.Throws<InvalidOperationException>(() => Recommender.FromStore(store).Recommend(new AffectPoint(0, 0)));
        Assert.Contains("catalog import", ex.Message);
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
