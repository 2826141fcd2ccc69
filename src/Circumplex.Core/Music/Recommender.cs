using Circumplex.Affect;
using Circumplex.Music.Index;
using Circumplex.Music.Journeys;
using Circumplex.Music.Storage;

namespace Circumplex.Music;

/// <summary>
/// Songs for a circumplex point (Match) or a journey (Lift): a <see cref="JourneyPlanner"/> answers which, the
/// store supplies the details. Build it once per catalog version and share it; it is safe for concurrent queries.
/// </summary>
public sealed class Recommender
{
    private readonly Func<IReadOnlyCollection<string>, IReadOnlyDictionary<string, Song>> _lookup;
    private readonly JourneyPlanner _match;
    private readonly Lazy<JourneyPlanner> _journeys;

    /// <summary>One planner for Match and journeys alike.</summary>
    public Recommender(JourneyPlanner planner, Func<IReadOnlyCollection<string>, IReadOnlyDictionary<string, Song>> lookup)
    {
        _match = planner;
        _journeys = new(planner);
        _lookup = lookup;
    }

    private Recommender(JourneyPlanner match, Func<JourneyPlanner> journeys, Func<IReadOnlyCollection<string>, IReadOnlyDictionary<string, Song>> lookup)
    {
        _match = match;
        _journeys = new(journeys, LazyThreadSafetyMode.ExecutionAndPublication);
        _lookup = lookup;
    }

    public int SongCount => _match.SongCount;

    /// <summary>
    /// The store's songs as they are now; later imports need a new recommender. Only the points are read up front
    /// (as fast as before journeys existed): a Match looks up the few songs near its point, and every song's facts
    /// are read on the first journey (600k songs: a second or two).
    /// </summary>
    public static Recommender FromStore(ICatalogStore store)
    {
        var (ids, points) = store.LoadPoints();
        var index = SongIndex.Build(ids, points);
        return new Recommender(new JourneyPlanner(index, new LookedUpSongFacts(index, store.Find)),
            () => JourneyPlanner.WithAllFacts(index, store), store.FindMany);
    }

    /// <summary>Match: the k nearest songs, one copy of each song and at most <paramref name="maxPerArtist"/> per artist (null: no cap).</summary>
    public IReadOnlyList<Recommendation> Recommend(AffectPoint point, int k = 5, int? maxPerArtist = 1)
    {
        if (_match.SongCount == 0)
            throw new InvalidOperationException("the catalog is empty: import one first (circumplex catalog import FILE)");
        var journey = _match.Plan(new JourneyRequest(point, JourneyMode.Match, Count: k, MaxPerArtist: maxPerArtist));
        var songs = Songs(journey);
        return [.. journey.Steps.Select((step, i) => new Recommendation(step.Number, songs[i], step.FromWaypoint))];
    }

    public Journey Plan(JourneyRequest request)
    {
        if (_match.SongCount == 0)
            throw new InvalidOperationException("the catalog is empty: import one first (circumplex catalog import FILE)");
        return _journeys.Value.Plan(request);
    }

    /// <summary>The details of a journey's songs, in playing order.</summary>
    public IReadOnlyList<Song> Songs(Journey journey)
    {
        var songs = _lookup(journey.Steps.Select(s => s.Id).ToArray());
        return [.. journey.Steps.Select(step => songs.TryGetValue(step.Id, out var song)
            ? song
            : throw new InvalidOperationException($"song {step.Id} is in the index but not in the catalog: rebuild the index"))];
    }
}
