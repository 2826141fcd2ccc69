using Circumplex.Affect;
using Circumplex.Music.Journeys;
using Circumplex.Music.Storage;

namespace Circumplex.Music;

/// <summary>
/// Songs for a circumplex point (Match) or a journey (Lift): the <see cref="JourneyPlanner"/> answers which, the
/// store supplies the details. Build it once per catalog version and share it; it is safe for concurrent queries.
/// </summary>
public sealed class Recommender
{
    private readonly Func<IReadOnlyCollection<string>, IReadOnlyDictionary<string, Song>> _lookup;

    public Recommender(JourneyPlanner planner, Func<IReadOnlyCollection<string>, IReadOnlyDictionary<string, Song>> lookup)
    {
        Planner = planner;
        _lookup = lookup;
    }

    public JourneyPlanner Planner { get; }

    public int SongCount => Planner.SongCount;

    /// <summary>An index of the store's songs as they are now; later imports need a new recommender.</summary>
    public static Recommender FromStore(ICatalogStore store) => new(JourneyPlanner.FromStore(store), store.FindMany);

    /// <summary>Match: the k nearest songs, one copy of each song and at most <paramref name="maxPerArtist"/> per artist (null: no cap).</summary>
    public IReadOnlyList<Recommendation> Recommend(AffectPoint point, int k = 5, int? maxPerArtist = 1)
    {
        var journey = Plan(new JourneyRequest(point, JourneyMode.Match, Count: k, MaxPerArtist: maxPerArtist));
        var songs = Songs(journey);
        return [.. journey.Steps.Select((step, i) => new Recommendation(step.Number, songs[i], step.FromWaypoint))];
    }

    public Journey Plan(JourneyRequest request)
    {
        if (Planner.SongCount == 0)
            throw new InvalidOperationException("the catalog is empty: import one first (circumplex catalog import FILE)");
        return Planner.Plan(request);
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
