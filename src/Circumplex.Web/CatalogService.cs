using Circumplex.Affect;
using Circumplex.Music;
using Circumplex.Music.Import;
using Circumplex.Music.Index;
using Circumplex.Music.Journeys;
using Circumplex.Music.Storage;

namespace Circumplex.Web;

/// <summary>
/// One catalog version: the spatial index and the facts journeys need (built at start-up or after an import), and a
/// bounded cache of song details.
/// </summary>
internal sealed class CatalogSnapshot
{
    private readonly Song?[] _songs;
    private readonly int _cacheLimit;
    private int _cached;
    private CatalogStatistics? _statistics;

    public CatalogSnapshot(JourneyPlanner planner, long version, int cacheLimit)
    {
        Planner = planner;
        Version = version;
        _cacheLimit = cacheLimit;
        _songs = new Song?[cacheLimit > 0 ? planner.SongCount : 0];
    }

    public JourneyPlanner Planner { get; }
    public SongIndex Index => Planner.Index;
    public long Version { get; }
    public int Count => Index.Count;
    public bool IsEmpty => Index.Count == 0;

    /// <summary>The statistics of this version, computed once on first use.</summary>
    public CatalogStatistics Statistics(Func<CatalogStatistics> compute) => _statistics ??= compute();

    public Song? Song(int position, string id, ICatalogStore store)
    {
        if (_songs.Length > 0)
        {
            var cached = Volatile.Read(ref _songs[position]);
            if (cached is not null) return cached;
        }
        var song = store.Find(id);
        if (song is not null && _songs.Length > 0 && Volatile.Read(ref _cached) < _cacheLimit
            && Interlocked.CompareExchange(ref _songs[position], song, null) is null)
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
        JourneyPlanner planner;
        lock (_storeGate) planner = JourneyPlanner.FromStore(_store);
        return new CatalogSnapshot(planner, version, _cacheLimit);
    }

    public CatalogStatistics Statistics(CatalogSnapshot snapshot) =>
        snapshot.Statistics(() => { lock (_storeGate) return _store.Statistics(); });

    /// <summary>Match: the k nearest songs for a point, nearest first, each song once; empty when the catalog is.</summary>
    public Recommendation[] Recommend(AffectPoint point, int k, int? maxPerArtist = 1)
    {
        var (journey, songs) = Plan(new JourneyRequest(point, JourneyMode.Match, Count: k, MaxPerArtist: maxPerArtist));
        var result = new Recommendation[songs.Length];
        for (int i = 0; i < songs.Length; i++) result[i] = new Recommendation(i + 1, songs[i], journey.Steps[i].FromWaypoint);
        return result;
    }

    /// <summary>Plans a journey on the current catalog and looks up its songs; an empty journey when the catalog is empty.</summary>
    public (Journey Journey, Song[] Songs) Plan(JourneyRequest request)
    {
        for (int attempt = 0; ; attempt++)
        {
            var snapshot = Current;
            var journey = snapshot.Planner.Plan(request);
            var songs = new Song[journey.Steps.Count];
            bool complete = true;
            for (int i = 0; i < songs.Length && complete; i++)
            {
                var step = journey.Steps[i];
                var song = snapshot.Song(step.Position, step.Id, _store);
                if (song is null) complete = false;
                else songs[i] = song;
            }
            if (complete) return (journey, songs);
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
