using Circumplex.Affect;
using Circumplex.Music.Index;
using Circumplex.Music.Storage;

namespace Circumplex.Music;

/// <summary>
/// The k songs nearest to a circumplex point: the spatial index answers which, the store supplies the details.
/// Build it once per catalog version and share it; it is safe for concurrent queries.
/// </summary>
public sealed class Recommender
{
    private readonly SongIndex _index;
    private readonly Func<IReadOnlyCollection<string>, IReadOnlyDictionary<string, Song>> _lookup;

    public Recommender(SongIndex index, Func<IReadOnlyCollection<string>, IReadOnlyDictionary<string, Song>> lookup)
    {
        _index = index;
        _lookup = lookup;
    }

    public int SongCount => _index.Count;

    /// <summary>An index of the store's songs as they are now; later imports need a new recommender.</summary>
    public static Recommender FromStore(ICatalogStore store)
    {
        var (ids, points) = store.LoadPoints();
        return new Recommender(SongIndex.Build(ids, points), store.FindMany);
    }

    public IReadOnlyList<Recommendation> Recommend(AffectPoint point, int k = 5)
    {
        if (_index.Count == 0)
            throw new InvalidOperationException("the catalog is empty: import one first (circumplex catalog import FILE)");
        var neighbours = _index.Nearest(point, k);
        var songs = _lookup(neighbours.Select(n => n.Id).ToArray());
        var result = new List<Recommendation>(neighbours.Length);
        for (int i = 0; i < neighbours.Length; i++)
        {
            if (!songs.TryGetValue(neighbours[i].Id, out var song))
                throw new InvalidOperationException($"song {neighbours[i].Id} is in the index but not in the catalog: rebuild the index");
            result.Add(new Recommendation(i + 1, song, neighbours[i].Distance));
        }
        return result;
    }
}
