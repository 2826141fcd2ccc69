using BenchmarkDotNet.Attributes;
using Circumplex.Music.Import;
using Circumplex.Music.Storage;

namespace Circumplex.Benchmarks;

/// <summary>
/// SPEC §9: import of a 600k-row tracks.csv (bar ≤ 3 s, goal ≤ 1.5 s) — parsing alone, the SQLite write alone
/// (from rows parsed once in set-up) and the whole import, so a regression can be placed in one stage.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class ImportBenchmarks
{
    private string _csv = "";
    private string _db = "";
    private CatalogReadResult _parsed = null!;

    [GlobalSetup]
    public void Setup()
    {
        _csv = CatalogFixture.Path600k();
        _db = Path.Combine(Path.GetTempPath(), $"circumplex-bench-{Environment.ProcessId}.db");
        _parsed = CatalogReader.Read(_csv);
    }

    [Benchmark]
    public int Parse600k() => CatalogReader.Read(_csv).Songs.Count;

    [Benchmark]
    public int Write600kIntoSqlite()
    {
        DeleteDatabase();
        using var store = new SqliteCatalogStore(_db);
        return store.Import(_parsed, _csv).SongsImported;
    }

    [Benchmark]
    public int Import600kIntoSqlite()
    {
        DeleteDatabase();
        using var store = new SqliteCatalogStore(_db);
        return store.Import(CatalogReader.Read(_csv), _csv).SongsImported;
    }

    private void DeleteDatabase()
    {
        foreach (var f in new[] { _db, _db + "-wal", _db + "-shm" }) File.Delete(f);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        DeleteDatabase();
    }
}
