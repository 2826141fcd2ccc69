namespace Circumplex.Music.Journeys;

/// <summary>
/// Every song's facts (see <see cref="ISongFacts"/>), held compactly by index position (the order the
/// <see cref="Index.SongIndex"/> was built in) so that a journey never waits on the database. About 16 bytes a song.
/// </summary>
public sealed class SongFacts : ISongFacts
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

    public int GenreNumber(string genre) =>
        _genreNumbers is not null && _genreNumbers.TryGetValue(SongIdentity.Normalize(genre), out int n) ? n : -1;

    /// <summary>Collects the facts song by song, in index order, without keeping the songs.</summary>
    public sealed class Builder
    {
        private readonly Dictionary<string, int> _identities = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _artistNumbers = new(StringComparer.Ordinal);   // by normalised name
        private readonly Dictionary<string, int> _artistsAsWritten = new(StringComparer.Ordinal); // raw name → number: most names recur
        private readonly Dictionary<string, int> _genreNumbers = new(StringComparer.Ordinal);
        private readonly List<int> _identity = [], _artistStart = [0], _artists = [], _genre = [];
        private readonly List<short> _year = [];
        private readonly List<sbyte> _popularity = [], _explicit = [];
        private readonly System.Text.StringBuilder _key = new();
        private bool _anyGenre;

        /// <summary>Adds the next song; <paramref name="genre"/> when the catalog has one.</summary>
        public void Add(Song song, string? genre = null)
        {
            int first = _artists.Count;
            foreach (var artist in song.Artists)
            {
                if (!_artistsAsWritten.TryGetValue(artist, out int a))
                    _artistsAsWritten[artist] = a = Number(_artistNumbers, SongIdentity.Normalize(artist));
                if (_artists.IndexOf(a, first) < 0) _artists.Add(a);
            }
            _artistStart.Add(_artists.Count);
            // The identity: the normalised title and the artists as a set (their numbers, sorted), as SongIdentity.Key compares them.
            _artists.Sort(first, _artists.Count - first, null);
            _key.Clear().Append(SongIdentity.Normalize(song.Title));
            for (int i = first; i < _artists.Count; i++) _key.Append('\u001f').Append(_artists[i]);
            _identity.Add(Number(_identities, _key.ToString()));
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
