using BenchmarkDotNet.Attributes;
using Circumplex.Music.Import;
using Circumplex.Music.Storage;

namespace Circumplex.Benchmarks;

/// <summary>SPEC §9: import of a 600k-row tracks.csv (bar ≤ 3 s, goal ≤ 1.5 s) — parsing alone, and parse + SQLite write.</summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class ImportBenchmarks
{
    private string _csv = "";
    private string _db = "";

    [GlobalSetup]
    public void Setup()
    {
        _csv = CatalogFixture.Path600k();
        _db = Path.Combine(Path.GetTempPath(), $"circumplex-bench-{Environment.ProcessId}.db");
    }

    [Benchmark]
    public int Parse600k() => CatalogReader.Read(_csv).Songs.Count;

    [Benchmark]
    public int Import600kIntoSqlite()
    {
        foreach (var f in new[] { _db, _db + "-wal", _db + "-shm" }) File.Delete(f);
        using var store = new SqliteCatalogStore(_db);
        return store.Import(CatalogReader.Read(_csv), _csv).SongsImported;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in new[] { _db, _db + "-wal", _db + "-shm" }) File.Delete(f);
    }
}
