using Circumplex.Affect;
using Circumplex.Music;
using Circumplex.Music.Import;
using Circumplex.Music.Storage;
using Xunit;

namespace Circumplex.Tests.Music;

/// <summary>
/// What every catalog backend must do, run once per backend (SPEC §6: same behaviour, same tests). A subclass says
/// how to open its store on one database that is fresh for each test.
/// </summary>
public abstract class CatalogStoreContract : IDisposable
{
    protected string Folder { get; } = Directory.CreateTempSubdirectory("circumplex-store-").FullName;

    /// <summary>Opens (or reopens) the store on this test's database.</summary>
    protected abstract ICatalogStore Open();

    public virtual void Dispose()
    {
        Directory.Delete(Folder, true);
        GC.SuppressFinalize(this);
    }

    protected string Csv(int rows, int seed)
    {
        string path = Path.Combine(Folder, $"c{seed}.csv");
        SyntheticCatalog.Write(path, rows, seed);
        return path;
    }

    protected string Csv(string name, params string[] rows)
    {
        string path = Path.Combine(Folder, name);
        File.WriteAllLines(path, [SyntheticCatalog.Kaggle600kHeader, .. rows]);
        return path;
    }

    [Fact]
    public async Task Every_import_raises_the_generation_by_one_and_a_snapshot_names_its_own()
    {
        using var store = Open();
        Assert.Equal(0, store.Generation());
        var empty = store.LoadSnapshot();
        Assert.Equal((0, 0L), (empty.Ids.Length, empty.Generation));
        store.Import(CatalogReader.Read(Csv(50, 3)), "a.csv");
        using (var other = Open()) other.Import(CatalogReader.Read(Csv(20, 4)), "b.csv", replaceExisting: true); // another process, same database
        Assert.Equal(2, store.Generation());
        var snapshot = store.LoadSnapshot();
        Assert.Equal(2, snapshot.Generation);
        Assert.Equal(store.LoadPoints().Ids, snapshot.Ids);
        Assert.Equal(20, snapshot.Ids.Length);
        // Waiting for a change returns after the timeout when nothing happens.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await store.WaitForChangeAsync(TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken);
        Assert.InRange(clock.ElapsedMilliseconds, 90, 5000);
    }

    [Fact]
    public void Import_stores_every_field_and_survives_reopening()
    {
        var read = CatalogReader.Read(Csv(300, 1));
        ImportRecord record;
        using (var store = Open())
        {
            record = store.Import(read, "c1.csv");
            Assert.Equal(300, record.SongsImported);
        }
        using (var store = Open())
        {
            Assert.Equal(300, store.Count());
            var back = store.FindMany(read.Songs.Select(s => s.Id).ToArray());
            Assert.Equal(300, back.Count);
            foreach (var song in read.Songs)
            {
                var found = back[song.Id];
                Assert.Equal((song.Title, song.Album, song.Year, song.Popularity, song.Explicit), (found.Title, found.Album, found.Year, found.Popularity, found.Explicit));
                Assert.Equal(song.Artists, found.Artists);
                Assert.Equal((song.SpotifyValence, song.SpotifyEnergy), (found.SpotifyValence, found.SpotifyEnergy));
            }
            Assert.Equal(record, Assert.Single(store.Statistics().Imports));
        }
    }

    [Fact]
    public void Text_comes_back_exactly_as_it_went_in()
    {
        string[] artists = ["Beyoncé", "Guest, Jr", "O'Brien", "Sigur Rós", "\"Weird Al\" Yankovic", "草東沒有派對", "🎸 band"];
        var read = CatalogReader.Read(Csv("t.csv", SyntheticCatalog.Row("0123456789abcdefghijkA", "Quote \"me\", please — telepatía", artists, 0.5, 0.5)));
        using var store = Open();
        store.Import(read, "t.csv");
        var song = store.Find("0123456789abcdefghijkA")!;
        Assert.Equal("Quote \"me\", please — telepatía", song.Title);
        Assert.Equal(read.Songs[0].Artists, song.Artists);
        Assert.Null(store.Find("0123456789abcdefghijkB"));
        Assert.Empty(store.FindMany(["0123456789abcdefghijkB"]));
        Assert.Empty(store.FindMany([]));
    }

    [Fact]
    public void Reimport_updates_and_replace_clears()
    {
        using var store = Open();
        store.Import(CatalogReader.Read(Csv(100, 1)), "a");
        var first = CatalogReader.Read(Csv(100, 1)).Songs[0];
        var changed = CatalogReader.Read(Csv("changed.csv", SyntheticCatalog.Row(first.Id, "A new title", ["Someone else"], 0.25, 0.75)));
        store.Import(changed, "a again");
        Assert.Equal(100, store.Count());
        var updated = store.Find(first.Id)!;
        Assert.Equal(("A new title", 0.25, 0.75), (updated.Title, updated.SpotifyValence, updated.SpotifyEnergy));
        Assert.Equal(["Someone else"], updated.Artists);
        store.Import(CatalogReader.Read(Csv(50, 2)), "b");
        Assert.Equal(150, store.Count());
        store.Import(CatalogReader.Read(Csv(50, 2)), "b only", replaceExisting: true);
        Assert.Equal(50, store.Count());
        Assert.Null(store.Find(first.Id));
        Assert.Equal(["a", "a again", "b", "b only"], store.Statistics().Imports.Select(i => i.Source));
    }

    [Fact]
    public void A_failing_import_changes_nothing()
    {
        using var store = Open();
        var before = CatalogReader.Read(Csv(40, 1));
        store.Import(before, "good");
        var next = CatalogReader.Read(Csv(60, 2));
        // The broken song sorts last, so it fails after every other song has been written inside the transaction.
        var broken = next.Songs[0] with { Id = "zzzzzzzzzzzzzzzzzzzzzz", Title = null! };
        var bad = new CatalogReadResult { Schema = next.Schema, Songs = [.. next.Songs, broken], Errors = [], Duplicates = 0, RowsRead = 61 };
        Assert.ThrowsAny<Exception>(() => store.Import(bad, "bad", replaceExisting: true));
        Assert.Equal(40, store.Count());
        Assert.Empty(store.FindMany(next.Songs.Select(s => s.Id).ToArray()));
        Assert.Equal(["good"], store.Statistics().Imports.Select(i => i.Source));
        Assert.Equal(40, store.Import(before, "good again").SongsImported); // and the store still works
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Songs_handed_over_while_the_file_is_read_land_when_the_import_completes(bool intoExistingCatalog)
    {
        using var store = Open();
        if (intoExistingCatalog) store.Import(CatalogReader.Read(Csv(30, 5)), "before.csv");
        var (ids, _) = store.LoadPoints();
        using var import = store.BeginImport("streamed.csv");
        var read = CatalogReader.Read(Csv(200, 6), new CatalogReadOptions { SongKept = import.Add });
        var record = import.Complete(read);
        Assert.Equal((200, 200), (record.SongsImported, record.RowsRead));
        Assert.Equal(ids.Concat(read.Songs.Select(x => x.Id)).Distinct().Order(StringComparer.Ordinal), store.LoadPoints().Ids);
        var stored = store.Find(read.Songs[7].Id)!;
        Assert.Equal((read.Songs[7].Title, read.Songs[7].Point), (stored.Title, stored.Point));
        Assert.Equal(read.Songs[7].Artists, stored.Artists);
        var recorded = store.Statistics().Imports.Single(i => i.Source == "streamed.csv");
        Assert.Equal((read.Schema.Label, 200, 200), (recorded.Schema, recorded.RowsRead, recorded.SongsImported));
        Assert.Throws<InvalidOperationException>(() => import.Add(read.Songs[0]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_import_left_unfinished_changes_nothing(bool replace)
    {
        using var store = Open();
        var first = CatalogReader.Read(Csv(40, 7));
        if (replace) store.Import(first, "first.csv");
        var ids = store.LoadPoints().Ids;
        var before = (store.Generation(), store.Statistics().Imports.Count);
        using (var import = store.BeginImport("refused.csv", replaceExisting: replace))
            foreach (var song in CatalogReader.Read(Csv(25, 8)).Songs) import.Add(song);
        Assert.Equal(ids, store.LoadPoints().Ids);
        Assert.Equal(before, (store.Generation(), store.Statistics().Imports.Count));
        // The catalog still has its keys: importing the same songs twice updates them instead of adding them again.
        store.Import(first, "again-1.csv");
        store.Import(first, "again-2.csv");
        Assert.Equal(40, store.Count());
        Assert.Throws<ArgumentException>(() => store.Import(new CatalogReadResult
        {
            Schema = first.Schema, Songs = [first.Songs[0], first.Songs[0]], Errors = [], Duplicates = 0, RowsRead = 2,
        }, "twice.csv"));
    }

    [Fact]
    public void An_id_twice_in_one_import_is_refused()
    {
        using var store = Open();
        var read = CatalogReader.Read(Csv(10, 1));
        var twice = new CatalogReadResult { Schema = read.Schema, Songs = [.. read.Songs, read.Songs[3]], Errors = [], Duplicates = 0, RowsRead = 11 };
        var e = Assert.Throws<ArgumentException>(() => store.Import(twice, "twice"));
        Assert.Contains(read.Songs[3].Id, e.Message);
        Assert.Equal(0, store.Count());
        Assert.Empty(store.Statistics().Imports);
    }

    [Fact]
    public void Points_come_in_ordinal_id_order_at_the_songs_circumplex_positions()
    {
        var read = CatalogReader.Read(Csv(500, 4));
        using var store = Open();
        store.Import(read, "x");
        var (ids, points) = store.LoadPoints();
        var expected = read.Songs.OrderBy(s => s.Id, StringComparer.Ordinal).ToArray();
        Assert.Equal(expected.Select(s => s.Id), ids);
        Assert.Equal(expected.Select(s => s.Point), points);
    }

    [Fact]
    public void Statistics_describe_the_catalog()
    {
        var read = CatalogReader.Read(Csv(700, 5));
        var extremes = CatalogReader.Read(Csv("edges.csv",
            SyntheticCatalog.Row("000000000000000000000a", "low", ["x"], 0, 0, "1900"),
            SyntheticCatalog.Row("000000000000000000000b", "high", ["x"], 1, 1, "2030-12-31"),
            SyntheticCatalog.Row("000000000000000000000c", "edge", ["x"], 0.2, 0.6)));
        using var store = Open();
        store.Import(read, "x");
        store.Import(extremes, "edges");
        var songs = read.Songs.Concat(extremes.Songs).ToArray();
        var s = store.Statistics();
        Assert.Equal(songs.Length, s.SongCount);
        Assert.Equal((songs.Min(x => x.SpotifyValence), songs.Max(x => x.SpotifyValence)), (s.MinValence, s.MaxValence));
        Assert.Equal((songs.Min(x => x.SpotifyEnergy), songs.Max(x => x.SpotifyEnergy)), (s.MinEnergy, s.MaxEnergy));
        Assert.Equal((songs.Min(x => x.Year), songs.Max(x => x.Year)), (s.MinYear, s.MaxYear));
        int bins = CatalogStatistics.Bins;
        var expected = new int[bins, bins];
        foreach (var song in songs)
            expected[Math.Min((int)(song.SpotifyValence * bins), bins - 1), Math.Min((int)(song.SpotifyEnergy * bins), bins - 1)]++;
        Assert.Equal(expected, s.Histogram);
        Assert.Equal(["kaggle-600k", "kaggle-600k"], s.Imports.Select(i => i.Schema));
        Assert.Equal([700, 3], s.Imports.Select(i => i.SongsImported));
    }

    [Fact]
    public void An_empty_catalog_has_empty_statistics()
    {
        using var store = Open();
        var s = store.Statistics();
        Assert.Equal(0, s.SongCount);
        Assert.True(double.IsNaN(s.MinValence) && double.IsNaN(s.MaxEnergy));
        Assert.Null(s.MinYear);
        Assert.Empty(s.Imports);
        Assert.Equal(0, s.Histogram.Cast<int>().Sum());
        Assert.Empty(store.LoadPoints().Ids);
    }

    [Fact]
    public void Recommender_returns_the_brute_force_nearest_songs()
    {
        var read = CatalogReader.Read(Csv(2000, 3));
        using var store = Open();
        store.Import(read, "x");
        var recommender = Recommender.FromStore(store);
        var query = new AffectPoint(0.8, 0.6);
        // Every title differs, so without an artist cap Match is the plain k nearest.
        var got = recommender.Recommend(query, 5, maxPerArtist: null);
        var expected = SongIndexTests.BruteForce(read.Songs.Select(s => s.Id).ToArray(), read.Songs.Select(s => s.Point).ToArray(), query, 5);
        Assert.Equal(expected.Select(e => e.Id), got.Select(r => r.Song.Id));
        Assert.Equal(expected.Select(e => e.Distance), got.Select(r => r.Distance));
        Assert.Equal([1, 2, 3, 4, 5], got.Select(r => r.Rank));
    }

    [Fact]
    public void Every_song_is_visited_once_in_id_order_with_its_details()
    {
        var read = CatalogReader.Read(Csv(700, 4));
        using var store = Open();
        store.Import(read, "x");
        var visited = new List<Song>();
        store.ForEachSong(visited.Add);
        Assert.Equal(store.LoadPoints().Ids, visited.Select(s => s.Id));
        var byId = read.Songs.ToDictionary(s => s.Id);
        Assert.All(visited, s => Assert.Equivalent(byId[s.Id], s));
    }

    [Fact]
    public void Empty_catalog_says_how_to_load_one()
    {
        using var store = Open();
        var ex = Assert.Throws<InvalidOperationException>(() => Recommender.FromStore(store).Recommend(new AffectPoint(0, 0)));
        Assert.Contains("catalog import", ex.Message);
    }

    [Fact]
    public async Task Lookups_from_many_threads_during_an_import_see_whole_catalogs()
    {
        var first = CatalogReader.Read(Csv(300, 6));
        var second = CatalogReader.Read(Csv(3000, 7));
        using var store = Open();
        store.Import(first, "first");
        var ids = first.Songs.Select(s => s.Id).ToArray();
        using var done = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            int lookups = 0;
            while (!done.IsCancellationRequested || lookups == 0)
            {
                Assert.NotNull(store.Find(ids[(t * 31 + lookups) % ids.Length]));
                int n = store.Count();
                Assert.True(n is 300 or 3300, $"saw {n} songs");
                lookups++;
            }
            return lookups;
        }, TestContext.Current.CancellationToken)).ToArray();
        await Task.Run(() => store.Import(second, "second"), TestContext.Current.CancellationToken);
        await done.CancelAsync();
        Assert.All(await Task.WhenAll(readers), n => Assert.True(n > 0));
        Assert.Equal(3300, store.Count());
    }
}
