using Circumplex.Music.Index;

namespace Circumplex.Music.Journeys;

/// <summary>
/// Song facts looked up on demand, one song at a time, for the few songs a search asks about: what a one-off Match
/// (the `recommend` and `analyze` commands) needs, without reading all 600k songs first. A search asks only about
/// songs that would enter its result, so a Match of 5 looks up a few dozen. Knows nothing about the catalog as a whole,
/// so it serves no filter (<see cref="HasYear"/> and the like throw): journeys with filters use <see cref="SongFacts"/>.
/// Safe for concurrent use.
/// </summary>
public sealed class LookedUpSongFacts(SongIndex index, Func<string, Song?> find) : ISongFacts
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, Entry> _entries = [];
    private readonly Dictionary<string, int> _identities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _artistNumbers = new(StringComparer.Ordinal);

    private sealed record Entry(int Identity, int[] Artists, Song Song);

    public int Count => index.Count;
    public bool HasYear => throw NoFilters();
    public bool HasPopularity => throw NoFilters();
    public bool HasExplicit => throw NoFilters();
    public bool HasGenre => throw NoFilters();

    private static InvalidOperationException NoFilters() =>
        new("facts looked up song by song cannot tell which columns the catalog has: filter with SongFacts");

    public int Identity(int position) => Get(position).Identity;
    public ReadOnlySpan<int> Artists(int position) => Get(position).Artists;
    public int Year(int position) => Get(position).Song.Year ?? 0;
    public int Popularity(int position) => Get(position).Song.Popularity ?? -1;
    public int Explicit(int position) => Get(position).Song.Explicit is bool e ? (e ? 1 : 0) : -1;
    public int Genre(int position) => throw NoFilters();
    public int GenreNumber(string genre) => throw NoFilters();

    private Entry Get(int position)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(position, out var entry)) return entry;
            string id = index.IdAt(position);
            var song = find(id) ?? throw new InvalidOperationException($"song {id} is in the index but not in the catalog: rebuild the index");
            int identity = Number(_identities, SongIdentity.Key(song.Title, song.Artists));
            int[] artists = [.. song.Artists.Select(a => Number(_artistNumbers, SongIdentity.Normalize(a))).Distinct()];
            return _entries[position] = new Entry(identity, artists, song);
        }
    }

    private static int Number(Dictionary<string, int> numbers, string key)
    {
        if (!numbers.TryGetValue(key, out int n)) numbers[key] = n = numbers.Count;
        return n;
    }
}
