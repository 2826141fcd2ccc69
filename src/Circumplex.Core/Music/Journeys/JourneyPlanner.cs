using Circumplex.Affect;
using Circumplex.Music.Index;
using Circumplex.Music.Storage;

namespace Circumplex.Music.Journeys;

/// <summary>
/// Plans Match and Lift playlists over the catalog's spatial index. The waypoints run in equal steps from the
/// listener's point to the target (all at the listener's point for Match); each step takes the nearest song to its
/// waypoint that the playlist may still use: not already in it under another id (same title and artists, see
/// <see cref="SongIdentity"/>), not by an artist already used <see cref="JourneyRequest.MaxPerArtist"/> times, and
/// passing the filters. "Nearest" is exact with ties broken by id, because each step is one filtered index search
/// (<see cref="SongIndex.NearestWhere{TFilter}"/>) that skips unusable songs inside its ring scan, so the answer never
/// depends on import order, and a step costs a few cells of the grid, not a scan of the catalog.
/// Safe for concurrent use; build one per catalog version.
/// </summary>
public sealed class JourneyPlanner
{
    public JourneyPlanner(SongIndex index, ISongFacts facts)
    {
        if (index.Count != facts.Count) throw new ArgumentException($"the index holds {index.Count} songs but the facts {facts.Count}");
        Index = index;
        Facts = facts;
    }

    public SongIndex Index { get; }
    public ISongFacts Facts { get; }
    public int SongCount => Index.Count;

    /// <summary>The index and facts of the store's songs as they are now, read in one pass in id order.</summary>
    public static JourneyPlanner FromStore(ICatalogStore store)
    {
        var ids = new List<string>();
        var points = new List<AffectPoint>();
        var facts = new SongFacts.Builder();
        store.ForEachSong(song =>
        {
            ids.Add(song.Id);
            points.Add(song.Point);
            facts.Add(song);
        });
        return new JourneyPlanner(SongIndex.Build(ids, points), facts.Build());
    }

    /// <summary>Every song's facts for an index already built from the store's points (both in id order).</summary>
    public static JourneyPlanner WithAllFacts(SongIndex index, ICatalogStore store)
    {
        var facts = new SongFacts.Builder();
        int position = 0;
        store.ForEachSong(song =>
        {
            if (position >= index.Count || index.IdAt(position) != song.Id)
                throw new InvalidOperationException("the catalog changed while it was being read: run the command again");
            facts.Add(song);
            position++;
        });
        if (position != index.Count) throw new InvalidOperationException("the catalog changed while it was being read: run the command again");
        return new JourneyPlanner(index, facts.Build());
    }

    public Journey Plan(JourneyRequest request)
    {
        if (request.Count is < 1 or > SongIndex.MaxK)
            throw new ArgumentOutOfRangeException(nameof(request), request.Count, $"a journey has 1..{SongIndex.MaxK} songs");
        if (request.MaxPerArtist is < 1)
            throw new ArgumentOutOfRangeException(nameof(request), request.MaxPerArtist, "maxPerArtist must be at least 1 (or absent for no cap)");
        if (request.Mode == JourneyMode.Match && request.To is not null)
            throw new ArgumentException("Match stays at the listener's point: a target belongs to Lift");
        var filter = request.Filter ?? JourneyFilter.None;
        filter.CheckServable(Facts);

        var from = request.From;
        var to = request.Mode == JourneyMode.Match ? from : request.To ?? LiftTarget.For(from);
        var waypoints = Waypoints(from, to, request.Count);
        var rules = new PlaylistRules(Facts, filter, request.MaxPerArtist);
        var steps = new List<JourneyStep>(waypoints.Length);
        foreach (var waypoint in waypoints)
        {
            var found = Index.NearestWhere(waypoint, 1, rules);
            if (found.Length == 0) break; // the filters and rules leave no more songs
            var n = found[0];
            rules.Use(n.Position);
            steps.Add(new JourneyStep(steps.Count + 1, n.Position, n.Id, Index.PointAt(n.Position), waypoint, n.Distance));
        }
        return new Journey(request.Mode, from, to, request.Mode == JourneyMode.Lift && request.To is null, waypoints, steps);
    }

    /// <summary>count points in equal steps from <paramref name="from"/> (the first) to <paramref name="to"/> (the last).</summary>
    public static AffectPoint[] Waypoints(AffectPoint from, AffectPoint to, int count)
    {
        var result = new AffectPoint[count];
        for (int i = 0; i < count; i++)
        {
            double t = count == 1 ? 0 : (double)i / (count - 1);
            result[i] = new AffectPoint(from.Valence + t * (to.Valence - from.Valence), from.Arousal + t * (to.Arousal - from.Arousal));
        }
        if (count > 1) result[^1] = to; // exactly, not to within rounding
        return result;
    }
}
