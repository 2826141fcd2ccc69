using System.Text.Json;
using Circumplex.Affect;
using Circumplex.Music.Import;
using Microsoft.Data.Sqlite;

namespace Circumplex.Music.Storage;

/// <summary>
/// The catalog in an embedded SQLite file. Each import is one transaction: either all of a file's good rows land
/// or nothing changes. Songs already present (same Spotify id) are updated in place. One connection writes (behind a
/// lock: SQLite connections are not thread-safe); single-song lookups go through a pool of read-only connections.
/// </summary>
public sealed class SqliteCatalogStore : ICatalogStore
{
    private const int SchemaVersion = 1;
    internal const string GenerationKey = "catalog_generation";
    internal const string SelectSong = "SELECT id, title, artists, album, year, popularity, explicit, valence, energy FROM songs";
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();
    private readonly SqliteSongReaders _readers;
    private readonly Lock _generationGate = new();
    private SqliteConnection? _generationReader;
    public string Path { get; }
    /// <summary>This store made the file: no other process is likely to have it open yet.</summary>
    private readonly bool _newFile;

    public string Location => Path;

    public SqliteCatalogStore(string path)
    {
        Path = path;
        string? dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        if (File.Exists(path)) EnsureIsSqlite(path);
        _newFile = !File.Exists(path) || new FileInfo(path).Length == 0;
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;");
        Migrate();
        _readers = new SqliteSongReaders(path);
    }

    private static void EnsureIsSqlite(string path)
    {
        var header = new byte[16];
        using var f = File.OpenRead(path);
        int n = f.ReadAtLeast(header, 16, throwOnEndOfStream: false);
        if (n == 0) return; // an empty file becomes a new database
        if (n < 16 || System.Text.Encoding.ASCII.GetString(header, 0, 15) != "SQLite format 3")
            throw new InvalidDataException($"{path} exists but is not a SQLite database; refusing to touch it");
    }

    private void Migrate()
    {
        Execute("""
            CREATE TABLE IF NOT EXISTS imports (
                id INTEGER PRIMARY KEY, source TEXT NOT NULL, schema TEXT NOT NULL, imported_at TEXT NOT NULL,
                rows_read INTEGER NOT NULL, songs_imported INTEGER NOT NULL, bad_rows INTEGER NOT NULL, duplicates INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS songs (
                id TEXT PRIMARY KEY, title TEXT NOT NULL, artists TEXT NOT NULL, album TEXT, year INTEGER,
                popularity INTEGER, explicit INTEGER, valence REAL NOT NULL, energy REAL NOT NULL,
                import_id INTEGER NOT NULL REFERENCES imports(id)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            """);
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT value FROM meta WHERE key = 'schema_version'";
        var version = cmd.ExecuteScalar() as string;
        if (version is null) Execute($"INSERT INTO meta(key, value) VALUES ('schema_version', '{SchemaVersion}')");
        else if (version != SchemaVersion.ToString())
            throw new InvalidDataException($"{Path} has catalog schema version {version}; this build reads version {SchemaVersion}");
        // Databases made before generations existed start at 0: nothing to migrate.
        Execute($"INSERT OR IGNORE INTO meta(key, value) VALUES ('{GenerationKey}', '0')");
    }

    private void Execute(string sql, SqliteTransaction? tx = null)
    {
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    /// <summary>Adds (or updates) every song of a read file in one transaction and records the import.</summary>
    public ImportRecord Import(CatalogReadResult read, string source, bool replaceExisting = false)
    {
        lock (_gate) return ImportLocked(read.Songs, read, source, replaceExisting);
    }

    /// <summary>
    /// SQLite writes fastest in key order, which needs every song first: this import gathers them and writes them all
    /// when it is completed, in one transaction, as <see cref="Import"/> does.
    /// </summary>
    public ICatalogImport BeginImport(string source, bool replaceExisting = false) => new GatheredImport(this, source, replaceExisting);

    private sealed class GatheredImport(SqliteCatalogStore store, string source, bool replaceExisting) : ICatalogImport
    {
        private List<Song>? _songs = [];

        public void Add(Song song) => (_songs ?? throw Completed()).Add(song);

        public ImportRecord Complete(CatalogReadResult read)
        {
            var songs = _songs ?? throw Completed();
            ImportRecord record;
            lock (store._gate) record = store.ImportLocked(songs, read, source, replaceExisting);
            _songs = null;
            return record;
        }

        private static InvalidOperationException Completed() => new("this import is already completed");

        public void Dispose() { }
    }

    /// <summary>Adds (or updates) every song of a read file in one transaction and records the import.</summary>
    private ImportRecord ImportLocked(IReadOnlyList<Song> songs, CatalogReadResult read, string source, bool replaceExisting)
    {
        // Into a file this store has just made, a rollback journal writes each new page once, where WAL writes it to
        // the log and then copies it in at the checkpoint (~0.2 s of a 600k-song import here). The rollback journal
        // keeps the import all-or-nothing when the process is killed; with synchronous=NORMAL a power cut during the
        // commit could damage the file, which then held nothing before this import. WAL is back before returning.
        // SQLite leaves WAL only when no other connection has the file open; if one has, the import goes on in WAL.
        bool rollbackJournal = _newFile && songs.Count > 0 && IsEmpty(tx: null) && SetJournalMode("delete");
        try { return ImportInTransaction(songs, read, source, replaceExisting); }
        finally { if (rollbackJournal) SetJournalMode("wal"); }
    }

    /// <summary>True when SQLite now uses <paramref name="mode"/>; false when it could not change (the file is busy).</summary>
    private bool SetJournalMode(string mode)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = $"PRAGMA journal_mode={mode}";
        cmd.CommandTimeout = 1; // Microsoft.Data.Sqlite retries a busy file until the timeout: 30 s by default
        try { return string.Equals(cmd.ExecuteScalar() as string, mode, StringComparison.OrdinalIgnoreCase); }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6) { return false; } // SQLITE_BUSY, SQLITE_LOCKED
    }

    private ImportRecord ImportInTransaction(IReadOnlyList<Song> songs, CatalogReadResult read, string source, bool replaceExisting)
    {
        using var tx = _connection.BeginTransaction();
        if (replaceExisting) Execute("DELETE FROM songs", tx);
        Execute($"UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = '{GenerationKey}'", tx);
        var now = DateTimeOffset.UtcNow;
        long importId;
        using (var cmd = _connection.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = """
                INSERT INTO imports(source, schema, imported_at, rows_read, songs_imported, bad_rows, duplicates)
                VALUES ($s, $sc, $t, $r, $n, $b, $d) RETURNING id
                """;
            cmd.Parameters.AddWithValue("$s", source);
            cmd.Parameters.AddWithValue("$sc", read.Schema.Label);
            cmd.Parameters.AddWithValue("$t", now.ToString("O"));
            cmd.Parameters.AddWithValue("$r", read.RowsRead);
            cmd.Parameters.AddWithValue("$n", songs.Count);
            cmd.Parameters.AddWithValue("$b", read.Errors.Count);
            cmd.Parameters.AddWithValue("$d", read.Duplicates);
            importId = (long)cmd.ExecuteScalar()!;
        }
        var ordered = CatalogRows.InKeyOrder(songs);
        using (var writer = new SongBulkWriter(_connection, intoEmptyTable: replaceExisting || IsEmpty(tx)))
            foreach (var song in ordered) writer.Write(song, importId);
        tx.Commit();
        return new ImportRecord(importId, source, read.Schema.Label, now, read.RowsRead, songs.Count, read.Errors.Count, read.Duplicates);
    }

    private bool IsEmpty(SqliteTransaction? tx)
    {
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT NOT EXISTS (SELECT 1 FROM songs)";
        return Convert.ToInt64(cmd.ExecuteScalar()) == 1;
    }

    public int Count()
    {
        lock (_gate) return CountLocked();
    }

    private int CountLocked()
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM songs";
        return Convert.ToInt32(cmd.ExecuteScalar());
    }

    /// <summary>Every song's id and circumplex point, in id order: what the spatial index is built from.</summary>
    public (string[] Ids, AffectPoint[] Points) LoadPoints()
    {
        lock (_gate) return LoadPointsLocked();
    }

    private (string[] Ids, AffectPoint[] Points) LoadPointsLocked()
    {
        int n = CountLocked();
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT id, valence, energy FROM songs ORDER BY id";
        using var r = cmd.ExecuteReader();
        return CatalogRows.Points(r, n);
    }

    public void ForEachSong(Action<Song> visit)
    {
        lock (_gate)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = $"{SelectSong} ORDER BY id";
            using var r = cmd.ExecuteReader();
            while (r.Read()) visit(ReadSong(r));
        }
    }

    public long Generation()
    {
        lock (_generationGate)
        {
            // Its own read-only connection: the writer's lock may be held for seconds by an import.
            if (_generationReader is null)
            {
                var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
                c.Open();
                _generationReader = c;
            }
            using var cmd = _generationReader.CreateCommand();
            cmd.CommandText = $"SELECT CAST(value AS INTEGER) FROM meta WHERE key = '{GenerationKey}'";
            return Convert.ToInt64(cmd.ExecuteScalar() ?? 0L);
        }
    }

    public CatalogPoints LoadSnapshot()
    {
        lock (_gate)
        {
            // One read transaction: the points and the generation are of the same commit even if another process imports.
            using var tx = _connection.BeginTransaction(deferred: true);
            long generation;
            using (var cmd = _connection.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = $"SELECT CAST(value AS INTEGER) FROM meta WHERE key = '{GenerationKey}'";
                generation = Convert.ToInt64(cmd.ExecuteScalar() ?? 0L);
            }
            int n;
            using (var cmd = _connection.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = "SELECT COUNT(*) FROM songs";
                n = Convert.ToInt32(cmd.ExecuteScalar());
            }
            using (var cmd = _connection.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = "SELECT id, valence, energy FROM songs ORDER BY id";
                using var r = cmd.ExecuteReader();
                var (ids, points) = CatalogRows.Points(r, n);
                tx.Commit();
                return new CatalogPoints(ids, points, generation);
            }
        }
    }

    /// <summary>SQLite has no notifications across processes: this only waits, and callers compare the generation row.</summary>
    public Task WaitForChangeAsync(TimeSpan timeout, CancellationToken cancellationToken) => Task.Delay(timeout, cancellationToken);

    public Song? Find(string id) => _readers.Find(id);

    public IReadOnlyDictionary<string, Song> FindMany(IReadOnlyCollection<string> ids)
    {
        var result = new Dictionary<string, Song>(StringComparer.Ordinal);
        if (ids.Count == 0) return result;
        lock (_gate) FindManyLocked(ids, result);
        return result;
    }

    private void FindManyLocked(IReadOnlyCollection<string> ids, Dictionary<string, Song> result)
    {
        using var cmd = _connection.CreateCommand();
        var names = new List<string>();
        int i = 0;
        foreach (var id in ids)
        {
            string name = "$p" + i++;
            names.Add(name);
            cmd.Parameters.AddWithValue(name, id);
        }
        cmd.CommandText = $"{SelectSong} WHERE id IN ({string.Join(",", names)})";
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            var song = ReadSong(r);
            result[song.Id] = song;
        }
    }

    /// <summary>The song at the reader's current row of a <see cref="SelectSong"/> query.</summary>
    internal static Song ReadSong(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1),
        JsonSerializer.Deserialize(r.GetString(2), StorageJson.Default.StringArray) ?? [],
        r.IsDBNull(3) ? null : r.GetString(3),
        r.IsDBNull(4) ? null : r.GetInt32(4),
        r.IsDBNull(5) ? null : r.GetInt32(5),
        r.IsDBNull(6) ? null : r.GetInt32(6) != 0,
        r.GetDouble(7), r.GetDouble(8));

    public CatalogStatistics Statistics()
    {
        lock (_gate) return StatisticsLocked();
    }

    private CatalogStatistics StatisticsLocked()
    {
        List<ImportRecord> imports;
        using (var cmd = _connection.CreateCommand())
        {
            cmd.CommandText = "SELECT id, source, schema, imported_at, rows_read, songs_imported, bad_rows, duplicates FROM imports ORDER BY id";
            using var r = cmd.ExecuteReader();
            imports = CatalogRows.Imports(r, (row, i) => DateTimeOffset.Parse(row.GetString(i)));
        }
        int[,] histogram;
        using (var cmd = _connection.CreateCommand())
        {
            int b = CatalogStatistics.Bins;
            cmd.CommandText = $"""
                SELECT MIN(CAST(valence * {b} AS INTEGER), {b - 1}) AS vb, MIN(CAST(energy * {b} AS INTEGER), {b - 1}) AS eb, COUNT(*)
                FROM songs GROUP BY vb, eb
                """;
            using var r = cmd.ExecuteReader();
            histogram = CatalogRows.Histogram(r);
        }
        using (var cmd = _connection.CreateCommand())
        {
            cmd.CommandText = "SELECT COUNT(*), MIN(valence), MAX(valence), MIN(energy), MAX(energy), MIN(year), MAX(year) FROM songs";
            using var r = cmd.ExecuteReader();
            return CatalogRows.Statistics(r, imports, histogram);
        }
    }

    public void Dispose()
    {
        _readers.Dispose();
        lock (_generationGate) _generationReader?.Dispose();
        lock (_gate) _connection.Dispose();
    }
}
