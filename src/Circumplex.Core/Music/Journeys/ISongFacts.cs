namespace Circumplex.Music.Journeys;

/// <summary>
/// What the journey engine knows about each song besides its point, by index position: which copies are one song
/// (<see cref="Identity"/>), its artists (as numbers), and the filterable columns (missing: year 0, popularity and
/// explicit −1, genre −1). <see cref="SongFacts"/> holds them all in memory; <see cref="LookedUpSongFacts"/> looks
/// up only the songs a search asks about.
/// </summary>
public interface ISongFacts
{
    int Count { get; }
    /// <summary>Whether any song has a release year (a catalog imported from a file without one has none).</summary>
    bool HasYear { get; }
    bool HasPopularity { get; }
    bool HasExplicit { get; }
    /// <summary>Whether the catalog carries genres at all.</summary>
    bool HasGenre { get; }
    int Identity(int position);
    ReadOnlySpan<int> Artists(int position);
    int Year(int position);
    int Popularity(int position);
    int Explicit(int position);
    int Genre(int position);
    /// <summary>The number of a genre (normalised like titles), or −1 when no song has it.</summary>
    int GenreNumber(string genre);
}
