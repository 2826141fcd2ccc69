using Circumplex.Affect;
using Circumplex.Music;
using Circumplex.Music.Import;
using Circumplex.Music.Index;
using Circumplex.Music.Journeys;
using Circumplex.Music.Storage;

namespace Circumplex.Web;

/// <summary>
/// One catalog generation: the spatial index and the facts journeys need, built from it, and a bounded cache of song
/// details.
/// </summary>
internal sealed class CatalogSnapshot
{
    private readonly Song?[] _songs;
    private readonly int _cacheLimit;
    private int _cached;
    private CatalogStatistics? _statistics;

    public CatalogSnapshot(JourneyPlanner planner, long generation, int cacheLimit)
    {
        Planner = planner;
        Generation = generation;
        _cacheLimit = cacheLimit;
        _songs = new Song?[cacheLimit > 0 ? planner.SongCount : 0];
    }

    public JourneyPlanner Planner { get; }
    public SongIndex Index => Planner.Index;
    /// <summary>The catalog generation the index was built from (<see cref="ICatalogStore.Generation"/>).</summary>
    public long Generation { get; }
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

/// <summary>The catalog kept changing under a request (several imports within it): the request may be retried at once.</summary>
internal sealed class CatalogChangingException() : Exception("the catalog was replaced several times while this request was answered: try again");

/// <summary>
/// The catalog behind the web app: the store for imports, statistics and song details, and the current
/// <see cref="CatalogSnapshot"/>. A new generation, imported here or by any other process or instance on the same
/// database, is noticed by <see cref="CatalogWatcher"/> (or by a request that finds a song gone) and swapped in whole.
/// </summary>
internal sealed class CatalogService : IDisposable
{
    private readonly ICatalogStore _store;
    private readonly Lock _storeGate = new();
    private readonly Lock _refreshGate = new();
    private readonly SemaphoreSlim _importGate = new(1, 1);
    private readonly int _cacheLimit;
    private CatalogSnapshot _current;

    public CatalogService(string databasePath, int cacheLimit)
    {
        _store = CatalogDatabase.OpenCatalog(databasePath);
        _cacheLimit = cacheLimit;
        _current = Build();
        ReleaseBuildGarbage();
    }

    /// <summary>
    /// Building a snapshot of a big catalog allocates far more than it keeps (every song read once, the facts'
    /// dictionaries): an aggressive collection hands that back to the operating system at once, instead of leaving
    /// the server at its peak for good (600k songs: see the README's memory rows). A pause of a few hundred
    /// milliseconds, only at start-up and after an import.
    /// </summary>
    private static void ReleaseBuildGarbage() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    public string DatabasePath => _store.Location;

    public ICatalogStore Store => _store;

    public CatalogSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Raised after a new generation was swapped in (old, new).</summary>
    public event Action<CatalogSnapshot, CatalogSnapshot>? Swapped;

    private CatalogSnapshot Build()
    {
        // The generation is read first: if an import lands during the read, the snapshot is labelled older than its
        // songs, and the next refresh merely rebuilds once more; labelled newer, it would never be replaced.
        long generation = _store.Generation();
        JourneyPlanner planner;
        lock (_storeGate) planner = JourneyPlanner.FromStore(_store);
        return new CatalogSnapshot(planner, generation, _cacheLimit);
    }

    public CatalogStatistics Statistics(CatalogSnapshot snapshot) =>
        snapshot.Statistics(() => { lock (_storeGate) return _store.Statistics(); });

    /// <summary>
    /// Swaps in the catalog's newest generation when it is not the current one; true when it did. One refresh at a
    /// time: a caller that arrives during another's rebuild waits for it and then finds nothing left to do.
    /// </summary>
    public bool Refresh()
    {
        lock (_refreshGate)
        {
            var current = Current;
            if (_store.Generation() == current.Generation) return false;
            var next = Build();
            if (next.Generation <= current.Generation) return false;
            Volatile.Write(ref _current, next);
            Swapped?.Invoke(current, next);
            ReleaseBuildGarbage();
            return true;
        }
    }

    /// <summary>Match: the k nearest songs for a point, nearest first, each song once; empty when the catalog is.</summary>
    public Recommendation[] Recommend(AffectPoint point, int k, int? maxPerArtist = 1)
    {
        var (journey, songs) = Plan(new JourneyRequest(point, JourneyMode.Match, Count: k, MaxPerArtist: maxPerArtist));
        var result = new Recommendation[songs.Length];
        for (int i = 0; i < songs.Length; i++) result[i] = new Recommendation(i + 1, songs[i], journey.Steps[i].FromWaypoint);
        return result;
    }

    /// <summary>
    /// Plans a journey on the current catalog and looks up its songs, all from one generation; an empty journey when
    /// the catalog is empty. A song missing from the store, or at another point than the index holds, means a newer
    /// generation exists: then the newest is swapped in and the journey planned again from it.
    /// </summary>
    public (Journey Journey, Song[] Songs) Plan(JourneyRequest request)
    {
        for (int attempt = 0; attempt < 4; attempt++)
        {
            var snapshot = Current;
            var journey = snapshot.Planner.Plan(request);
            var songs = new Song[journey.Steps.Count];
            bool complete = true;
            for (int i = 0; i < songs.Length && complete; i++)
            {
                var step = journey.Steps[i];
                var song = snapshot.Song(step.Position, step.Id, _store);
                // A re-import may have moved a song: its details must put it where this generation's index has it.
                if (song is null || song.Point.DistanceTo(step.Point) > 1e-9) complete = false;
                else songs[i] = song;
            }
            if (complete) return (journey, songs);
            Refresh();
        }
        throw new CatalogChangingException();
    }

    public bool Exists(string songId) => _store.Find(songId) is not null;

    /// <summary>Tries to start an import; false when another one is running.</summary>
    public bool TryBeginImport() => _importGate.Wait(0);

    public void EndImport() => _importGate.Release();

    /// <summary>Imports a read catalog in one transaction and swaps in its generation. Call between TryBeginImport/EndImport.</summary>
    public ImportOutcome Import(CatalogReadResult read, string source, bool replace)
    {
        ImportRecord record;
        int before = replace ? 0 : Current.Count;
        lock (_storeGate) record = _store.Import(read, source, replace);
        Refresh();
        var next = Current;
        int added = Math.Clamp(next.Count - before, 0, record.SongsImported);
        return new ImportOutcome(read, record, next.Count, added, record.SongsImported - added);
    }

    public void Dispose()
    {
        lock (_storeGate) _store.Dispose();
        _importGate.Dispose();
    }
}
