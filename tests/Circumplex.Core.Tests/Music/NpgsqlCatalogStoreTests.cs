using System.Globalization;
using Circumplex.Affect;
using Circumplex.Feedback.Postgres;
using Circumplex.Music;
using Circumplex.Music.Import;
using Circumplex.Music.Index;
using Circumplex.Music.Storage;
using Circumplex.Music.Storage.Postgres;
using Circumplex.Tests.Postgres;
using Npgsql;
using Xunit;

namespace Circumplex.Tests.Music;

/// <summary>The catalog contract on PostgreSQL, plus the nearest-neighbour search inside the database.</summary>
[Collection(PostgresCollection.Name)]
public class NpgsqlCatalogStoreTests(PostgresCluster cluster) : CatalogStoreContract
{
    private readonly TestDatabase _database = new(cluster);

    private string Database => _database.ConnectionString;

    protected override ICatalogStore Open() => new NpgsqlCatalogStore(Database);

    private NpgsqlCatalogStore OpenNpgsql() => new(Database);

    public override void Dispose()
    {
        _database.Dispose();
        base.Dispose();
    }

    private CatalogReadResult RandomCatalog(Random rng, int n, bool coarse, string name)
    {
        // Coarse catalogs sit on a 9 × 9 lattice: exact ties, and pairs at equal distances by different routes
        // (3-4-5 triangles), where PostgreSQL's own distance rounds differently from √(dv² + da²).
        double Value() => coarse ? rng.Next(9) / 8.0 : rng.NextDouble();
        var rows = Enumerable.Range(0, n).Select(i => SyntheticCatalog.Row(SyntheticCatalog.RandomId(rng), $"Song {i}", ["A"], Value(), Value()));
        return CatalogReader.Read(Csv(name, [.. rows]));
    }

    [Fact]
    public void Nearest_in_the_database_equals_brute_force_and_the_in_memory_index()
    {
        var rng = new Random(2024);
        using var store = OpenNpgsql();
        for (int trial = 0; trial < 16; trial++)
        {
            int n = trial < 4 ? trial + 1 : rng.Next(5, 2500);
            var read = RandomCatalog(rng, n, coarse: trial % 2 == 0, $"r{trial}.csv");
            store.Import(read, "random", replaceExisting: true);
            var ids = read.Songs.Select(s => s.Id).ToArray();
            var points = read.Songs.Select(s => s.Point).ToArray();
            var index = SongIndex.Build(ids, points);
            for (int q = 0; q < 25; q++)
            {
                var query = q % 3 == 0
                    ? points[rng.Next(n)] // exactly on a song
                    : q % 3 == 1 ? new AffectPoint(rng.Next(-5, 6) / 4.0, rng.Next(-5, 6) / 4.0) // on (or beyond) the lattice
                    : new AffectPoint(rng.NextDouble() * 2.4 - 1.2, rng.NextDouble() * 2.4 - 1.2);
                int k = rng.Next(1, 30);
                var expected = SongIndexTests.BruteForce(ids, points, query, k);
                var actual = store.NearestInDatabase(query, k);
                Assert.Equal(expected, actual);
                Assert.Equal(index.Nearest(query, k).Select(x => (x.Id, x.Distance)), actual);
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_hand_encoded_copy_stores_every_field_exactly_with_nulls_empty_lists_and_any_text(bool intoExistingCatalog)
    {
        using var store = OpenNpgsql();
        var schema = CatalogReader.Read(Csv(3, 1)).Schema;
        if (intoExistingCatalog) store.Import(CatalogReader.Read(Csv(3, 1)), "before.csv");
        Song[] songs =
        [
            new("0000000000000000000001", "Ünïcødé 🎵 曲 \"quoted\", tab\t, line\nbreak, back\\slash", ["A", "Bé", "🎸 C"], "Album ☕", 1999, 0, true, 0.0, 1.0),
            new("0000000000000000000002", "", [], null, null, null, null, 0.5, 0.25),
            new("0000000000000000000003", new string('x', 100_000), ["only"], "", -1, 100, false, 0.1234567890123456789, 1 / 3.0),
            new("0000000000000000000004", "Ω", [.. Enumerable.Range(0, 300).Select(i => $"artist {i}")], null, int.MaxValue, int.MinValue, null, double.Epsilon, 0.9999999999999999),
        ];
        store.Import(new CatalogReadResult { Schema = schema, Songs = songs, Errors = [], Duplicates = 0, RowsRead = songs.Length }, "edge.csv");
        foreach (var song in songs)
        {
            var stored = store.Find(song.Id)!;
            Assert.Equal(song.Artists, stored.Artists);
            Assert.Equal(song with { Artists = [] }, stored with { Artists = [] });
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_row_postgresql_refuses_fails_the_import_with_its_reason_and_changes_nothing(bool intoExistingCatalog)
    {
        using var store = OpenNpgsql();
        if (intoExistingCatalog) store.Import(CatalogReader.Read(Csv(30, 5)), "before.csv");
        var ids = store.LoadPoints().Ids;
        var before = (store.Generation(), store.Statistics().Imports.Count);
        var read = CatalogReader.Read(Csv(50, 11));
        // PostgreSQL's text cannot hold U+0000: the server refuses the row when the COPY ends.
        var bad = new CatalogReadResult { Schema = read.Schema, Songs = [.. read.Songs.Take(49), read.Songs[49] with { Title = "nul\0here" }], Errors = [], Duplicates = 0, RowsRead = 50 };
        var e = Assert.ThrowsAny<NpgsqlException>(() => store.Import(bad, "nul.csv"));
        Assert.Contains("0x00", e.Message);
        Assert.Equal(ids, store.LoadPoints().Ids);
        Assert.Equal(before, (store.Generation(), store.Statistics().Imports.Count));
        Assert.Equal(49, store.Import(new CatalogReadResult { Schema = read.Schema, Songs = [.. read.Songs.Take(49)], Errors = [], Duplicates = 0, RowsRead = 49 }, "good.csv").SongsImported);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_streamed_import_of_many_batches_lands_whole(bool intoExistingCatalog)
    {
        // Several thousand songs: many batches pass through the COPY's own thread while the file is still being read.
        using var store = OpenNpgsql();
        if (intoExistingCatalog) store.Import(CatalogReader.Read(Csv(30, 5)), "before.csv");
        var before = store.LoadPoints().Ids;
        using var import = store.BeginImport("many.csv");
        var read = CatalogReader.Read(Csv(5000, 6), new CatalogReadOptions { SongKept = import.Add });
        Assert.Equal(5000, import.Complete(read).SongsImported);
        Assert.Equal(before.Concat(read.Songs.Select(x => x.Id)).Distinct().Order(StringComparer.Ordinal), store.LoadPoints().Ids);
        foreach (var song in read.Songs.Where((_, i) => i % 997 == 0))
        {
            var stored = store.Find(song.Id)!;
            Assert.Equal((song.Title, string.Join('|', song.Artists), song.Album, song.Year, song.Point),
                (stored.Title, string.Join('|', stored.Artists), stored.Album, stored.Year, stored.Point));
        }
    }

    [Theory(Timeout = 60_000)] // a reading thread left waiting for the failed COPY would otherwise hang the run
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_song_the_copy_cannot_encode_fails_the_import_while_it_is_read_and_changes_nothing(bool intoExistingCatalog)
    {
        using var store = OpenNpgsql();
        if (intoExistingCatalog) store.Import(CatalogReader.Read(Csv(30, 5)), "before.csv");
        var ids = store.LoadPoints().Ids;
        var before = (store.Generation(), store.Statistics().Imports.Count);
        // More songs than the hand-over queue holds: the broken one fails on the COPY's thread, and the reading thread
        // must hear of it at a later hand-over instead of filling the queue and waiting for ever.
        var songs = CatalogReader.Read(Csv(30_000, 9)).Songs;
        var import = store.BeginImport("broken.csv");
        var e = await Record.ExceptionAsync(() => Task.Run(() =>
        {
            for (int i = 0; i < songs.Count; i++) import.Add(i == 1500 ? songs[i] with { Artists = null! } : songs[i]);
        }, TestContext.Current.CancellationToken));
        Assert.NotNull(e);
        Assert.IsNotType<OperationCanceledException>(e);
        import.Dispose();
        Assert.Equal(ids, store.LoadPoints().Ids);
        Assert.Equal(before, (store.Generation(), store.Statistics().Imports.Count));
        Assert.Equal(100, store.Import(CatalogReader.Read(Csv(100, 10)), "good.csv").SongsImported); // the store still works
    }

    [Fact]
    public void Nearest_in_the_database_checks_k_and_answers_an_empty_catalog()
    {
        using var store = OpenNpgsql();
        Assert.Empty(store.NearestInDatabase(new AffectPoint(0, 0), 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.NearestInDatabase(new AffectPoint(0, 0), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.NearestInDatabase(new AffectPoint(0, 0), SongIndex.MaxK + 1));
    }

    [Fact]
    public void The_nearest_query_is_answered_from_the_gist_index()
    {
        using var store = OpenNpgsql();
        store.Import(CatalogReader.Read(Csv(20_000, 8)), "big");
        using var connection = new NpgsqlConnection(Database);
        connection.Open();
        using var cmd = NpgsqlCatalogStore.NearestCommand(connection, new AffectPoint(0.3, -0.2), 5, explain: true);
        var plan = new List<string>();
        using (var r = cmd.ExecuteReader())
            while (r.Read()) plan.Add(r.GetString(0));
        string text = string.Join("\n", plan);
        Assert.Contains("Order By: (pos <-> ", text); // the k-th distance, read off the index in distance order
        Assert.Contains("Index Cond: (pos <@ circle(", text); // the candidates, found through the index too
        Assert.DoesNotContain("Seq Scan", text);
        using var index = new NpgsqlCommand("SELECT indexdef FROM pg_indexes WHERE tablename = 'songs' AND indexname = 'songs_pos'", connection);
        Assert.Contains("USING gist (pos)", (string)index.ExecuteScalar()!);
    }

    [Fact]
    public void Several_instances_may_create_the_schema_at_the_same_moment()
    {
        string db = Database;
        var stores = new IDisposable[8];
        Parallel.For(0, stores.Length, i => stores[i] = i % 2 == 0 ? new NpgsqlCatalogStore(db) : new NpgsqlFeedbackStore(db));
        foreach (var s in stores) s.Dispose();
        using var store = Open();
        Assert.Equal(0, store.Count());
    }

    [Fact]
    public void A_database_of_another_schema_version_is_refused()
    {
        using (Open()) { }
        using (var connection = new NpgsqlConnection(Database))
        {
            connection.Open();
            using var cmd = new NpgsqlCommand("UPDATE meta SET value = '99' WHERE key = 'schema_version'", connection);
            Assert.Equal(1, cmd.ExecuteNonQuery());
        }
        var e = Assert.Throws<InvalidDataException>(Open);
        Assert.Contains("schema_version 99", e.Message);
    }

    [Fact]
    public void Its_location_names_the_server_and_database_but_not_the_password()
    {
        using var store = Open();
        var b = new NpgsqlConnectionStringBuilder(Database);
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"postgresql://postgres@127.0.0.1:{cluster.Port}/{b.Database}"), store.Location);
        Assert.DoesNotContain(cluster.Password, store.Location);
    }

    [Fact]
    public void A_wrong_password_is_a_clear_error_without_the_password()
    {
        var b = new NpgsqlConnectionStringBuilder(Database) { Password = "not-the-password-42" };
        var e = Assert.Throws<DatabaseUnavailableException>(() => new NpgsqlCatalogStore(b.ConnectionString));
        Assert.Contains("password authentication failed", e.Message);
        Assert.Contains($"127.0.0.1:{cluster.Port}", e.Message);
        Assert.DoesNotContain("not-the-password-42", e.Message);
    }

    [Fact]
    public void No_server_at_the_address_is_a_clear_error_naming_it()
    {
        int port = PostgresCluster.FreePort();
        var e = Assert.Throws<DatabaseUnavailableException>(() =>
            new NpgsqlCatalogStore($"Host=127.0.0.1;Port={port};Username=someone;Password=s3cret-pw;Database=music"));
        Assert.Contains($"127.0.0.1:{port}", e.Message);
        Assert.Contains("music", e.Message);
        Assert.DoesNotContain("s3cret-pw", e.Message);
        Assert.IsAssignableFrom<IOException>(e);
    }

    [Fact]
    public void The_factory_opens_it_from_a_uri_a_keyword_string_or_a_socket_uri()
    {
        var b = new NpgsqlConnectionStringBuilder(Database);
        string uri = _database.Uri.Replace("postgresql://", "postgres://", StringComparison.Ordinal);
        string socket = $"postgresql://{b.Username}@{Uri.EscapeDataString(cluster.SocketFolder)}:{b.Port}/{b.Database}";
        using (var store = CatalogDatabase.OpenCatalog(uri))
        {
            Assert.IsType<NpgsqlCatalogStore>(store);
            store.Import(CatalogReader.Read(Csv(20, 1)), "by uri");
        }
        foreach (var database in new[] { uri, Database, socket })
        {
            using var store = CatalogDatabase.OpenCatalog(database);
            Assert.Equal(20, store.Count());
            using var feedback = CatalogDatabase.OpenFeedback(database);
            Assert.IsType<NpgsqlFeedbackStore>(feedback);
            Assert.Equal((0, 0, 0), feedback.Count());
        }
        using var bySocket = CatalogDatabase.OpenCatalog(socket);
        Assert.Equal(socket, bySocket.Location);
    }

}
