using Circumplex.Affect;

namespace Circumplex.Music;

/// <summary>A catalog track. Valence and energy are Spotify's audio features in [0, 1]; the song sits at
/// v = 2·valence − 1, a = 2·energy − 1 on the circumplex.</summary>
public sealed record Song(
    string Id,
    string Title,
    IReadOnlyList<string> Artists,
    string? Album,
    int? Year,
    int? Popularity,
    bool? Explicit,
    double SpotifyValence,
    double SpotifyEnergy)
{
    public AffectPoint Point => new(2 * SpotifyValence - 1, 2 * SpotifyEnergy - 1);

    public string SpotifyUrl => $"https://open.spotify.com/track/{Id}";

    public string EmbedUrl => $"https://open.spotify.com/embed/track/{Id}";

    public static bool IsValidSpotifyId(ReadOnlySpan<char> id)
    {
        if (id.Length != 22) return false;
        foreach (char c in id) if (!char.IsAsciiLetterOrDigit(c)) return false;
        return true;
    }
}
