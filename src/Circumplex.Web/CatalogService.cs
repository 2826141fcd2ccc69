using Circumplex.Affect;
using Circumplex.Music;
using Circumplex.Music.Import;
using Circumplex.Music.Index;
using Circumplex.Music.Storage;

namespace Circumplex.Web;

/// <summary>One catalog version: the spatial index built at start-up or after an import, and a bounded cache of song details.</summary>
internal sealed class CatalogSnapshot
{
    private readonly Song?[] _songs;
    private readonly int _cacheLimit;
    private int _cached;
    private CatalogStatistics? _statistics;

    public CatalogSnapshot(SongIndex index, long version, int cacheLimit)
    {
        Index = index;
        Version = version;
        _cacheLimit = cacheLimit;
        _songs = new Song?[cacheLimit > 0 ? index.Count : 0];
    }

    public SongIndex Index { get; }
    public long Version { get; }
    public int Count => Index.Count;
    public bool IsEmpty => Index.Count == 0;

    /// <summary>The statistics of this version, computed once on first use.</summary>
    public CatalogStatistics Statistics(Func<CatalogStatistics> compute) => _statistics ??= compute();

    public Song? Song(in Neighbor n, ICatalogStore store)
    {
        if (_songs.Length > 0)
        {
            var cached = Volatile.Read(ref _songs[n.Position]);
            if (cached is not null) return cached;
        }
        var song = store.Find(n.Id);
        if (song is not null && _songs.Length > 0 && Volatile.Read(ref _cached) < _cacheLimit
            && Interlocked.CompareExchange(ref _songs[n.Position], song, null) is null)
            Interlocked.Increment(ref _cached);
        return song;
    }
}

/// <summary>What an upload imported: songs new to the catalog (added) and songs that replaced one with the same id (updated).</summary>
internal sealed record ImportOutcome(CatalogReadResult Read, ImportRecord Record, int SongCount, int Added, int Updated);

/// <summary>
/// The catalog behind the web app: the store for imports, statistics and song details, and the current
/// <see cref="CatalogSnapshot"/>, swapped atomically after each import.
/// </summary>
internal sealed class CatalogService : IDisposable
{
    private readonly ICatalogStore _store;
    private readonly Lock _storeGate = new();
    private readonly SemaphoreSlim _importGate = new(1, 1);
    private readonly int _cacheLimit;
    private CatalogSnapshot _current;

    public CatalogService(string databasePath, int cacheLimit)
    {
        _store = CatalogDatabase.OpenCatalog(databasePath);
        _cacheLimit = cacheLimit;
        _current = Build(0);
    }

    public string DatabasePath => _store.Location;

    public CatalogSnapshot Current => Volatile.Read(ref _current);

    private CatalogSnapshot Build(long version)
    {
        (string[] ids, AffectPoint[] points) data;
        lock (_storeGate) data = _store.LoadPoints();
        return new CatalogSnapshot(SongIndex.Build(data.ids, data.points), version, _cacheLimit);
    }

    public CatalogStatistics Statistics(CatalogSnapshot snapshot) =>
        snapshot.Statistics(() => { lock (_storeGate) return _store.Statistics(); });

    /// <summary>The k nearest songs for a point, nearest first; empty when the catalog is.</summary>
    public Recommendation[] Recommend(AffectPoint point, int k)
    {
        for (int attempt = 0; ; attempt++)
        {
            var snapshot = Current;
            if (snapshot.IsEmpty) return [];
            var neighbours = snapshot.Index.Nearest(point, k);
            var result = new Recommendation[neighbours.Length];
            bool complete = true;
            for (int i = 0; i < neighbours.Length; i++)
            {
                var song = snapshot.Song(neighbours[i], _store);
                if (song is null) { complete = false; break; }
                result[i] = new Recommendation(i + 1, song, neighbours[i].Distance);
            }
            if (complete) return result;
            // An import replaced the catalog between the index lookup and the song lookup: use the new version.
            if (attempt >= 2 || ReferenceEquals(snapshot, Current))
                throw new InvalidOperationException("a song in the index is missing from the catalog database; restart the server to rebuild the index");
        }
    }

    public bool Exists(string songId) => _store.Find(songId) is not null;

    /// <summary>Tries to start an import; false when another one is running.</summary>
    public bool TryBeginImport() => _importGate.Wait(0);

    public void EndImport() => _importGate.Release();

    /// <summary>Imports a read catalog in one transaction and swaps in a new index. Call between TryBeginImport/EndImport.</summary>
    public ImportOutcome Import(CatalogReadResult read, string source, bool replace)
    {
        ImportRecord record;
        int before = replace ? 0 : Current.Count;
        lock (_storeGate) record = _store.Import(read, source, replace);
        var next = Build(Current.Version + 1);
        Volatile.Write(ref _current, next);
        int added = Math.Clamp(next.Count - before, 0, record.SongsImported);
        return new ImportOutcome(read, record, next.Count, added, record.SongsImported - added);
    }

    public void Dispose()
    {
        lock (_storeGate) _store.Dispose();
        _importGate.Dispose();
    }
}
