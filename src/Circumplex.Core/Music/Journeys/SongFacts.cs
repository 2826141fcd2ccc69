namespace Circumplex.Music.Journeys;

/// <summary>
/// What the journey engine needs to know about every song besides its point, held compactly by index position
/// (the order the <see cref="Index.SongIndex"/> was built in) so that a journey never waits on the database:
/// which copies are the same song, who the artists are, and the filterable columns. About 12 bytes a song.
/// Missing values: year 0, popularity and explicit −1.
/// </summary>
public sealed class SongFacts
{
    private readonly int[] _identity;      // songs with the same title and artists share a number
    private readonly int[] _artistStart;   // CSR: artists of song p are _artists[_artistStart[p] .. _artistStart[p + 1])
    private readonly int[] _artists;
    private readonly short[] _year;
    private readonly sbyte[] _popularity;
    private readonly sbyte[] _explicit;
    private readonly int[]? _genre;
    private readonly Dictionary<string, int>? _genreNumbers;

    private SongFacts(int[] identity, int[] artistStart, int[] artists, short[] year, sbyte[] popularity, sbyte[] isExplicit,
        int[]? genre, Dictionary<string, int>? genreNumbers)
    {
        _identity = identity; _artistStart = artistStart; _artists = artists;
        _year = year; _popularity = popularity; _explicit = isExplicit; _genre = genre; _genreNumbers = genreNumbers;
        Count = identity.Length;
        for (int p = 0; p < Count; p++)
        {
            HasYear |= year[p] != 0;
            HasPopularity |= popularity[p] >= 0;
            HasExplicit |= isExplicit[p] >= 0;
        }
    }

    public int Count { get; }
    /// <summary>Whether any song has a release year (a catalog imported from a file without one has none).</summary>
    public bool HasYear { get; }
    public bool HasPopularity { get; }
    public bool HasExplicit { get; }
    /// <summary>Whether the catalog carries genres at all (today's stored catalog does not).</summary>
    public bool HasGenre => _genre is not null;

    public int Identity(int position) => _identity[position];
    public ReadOnlySpan<int> Artists(int position) => _artists.AsSpan(_artistStart[position], _artistStart[position + 1] - _artistStart[position]);
    public int Year(int position) => _year[position];
    public int Popularity(int position) => _popularity[position];
    public int Explicit(int position) => _explicit[position];
    public int Genre(int position) => _genre![position];

    /// <summary>The number of a genre (normalised like titles), or −1 when no song has it.</summary>
    public int GenreNumber(string genre) =>
        _genreNumbers is not null && _genreNumbers.TryGetValue(SongIdentity.Normalize(genre), out int n) ? n : -1;

    /// <summary>Collects the facts song by song, in index order, without keeping the songs.</summary>
    public sealed class Builder
    {
        private readonly Dictionary<string, int> _identities = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _artistNumbers = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _genreNumbers = new(StringComparer.Ordinal);
        private readonly List<int> _identity = [], _artistStart = [0], _artists = [], _genre = [];
        private readonly List<short> _year = [];
        private readonly List<sbyte> _popularity = [], _explicit = [];
        private bool _anyGenre;

        /// <summary>Adds the next song; <paramref name="genre"/> when the catalog has one.</summary>
        public void Add(Song song, string? genre = null)
        {
            _identity.Add(Number(_identities, SongIdentity.Key(song.Title, song.Artists)));
            var seen = new HashSet<int>();
            foreach (var artist in song.Artists)
            {
                int a = Number(_artistNumbers, SongIdentity.Normalize(artist));
                if (seen.Add(a)) _artists.Add(a);
            }
            _artistStart.Add(_artists.Count);
            _year.Add(song.Year is int y and > 0 and <= short.MaxValue ? (short)y : (short)0);
            _popularity.Add(song.Popularity is int p and >= 0 and <= 100 ? (sbyte)p : (sbyte)-1);
            _explicit.Add(song.Explicit is bool e ? (sbyte)(e ? 1 : 0) : (sbyte)-1);
            _anyGenre |= genre is not null;
            _genre.Add(string.IsNullOrWhiteSpace(genre) ? -1 : Number(_genreNumbers, SongIdentity.Normalize(genre)));
        }

        private static int Number(Dictionary<string, int> numbers, string key)
        {
            if (!numbers.TryGetValue(key, out int n)) numbers[key] = n = numbers.Count;
            return n;
        }

        public SongFacts Build() => new(
            [.. _identity], [.. _artistStart], [.. _artists], [.. _year], [.. _popularity], [.. _explicit],
            _anyGenre ? [.. _genre] : null, _anyGenre ? _genreNumbers : null);
    }

    public static SongFacts From(IEnumerable<Song> songs)
    {
        var builder = new Builder();
        foreach (var song in songs) builder.Add(song);
        return builder.Build();
    }
}
