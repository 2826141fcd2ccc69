namespace Circumplex.Music.Import;

/// <summary>
/// The 22-character track id inside what exports put in an id column: the id itself, a URI
/// (<c>spotify:track:ID</c>) or a link (<c>https://open.spotify.com/intl-de/track/ID?si=…</c>).
/// </summary>
public static class SpotifyTrackId
{
    public static bool TryExtract(ReadOnlySpan<char> text, out ReadOnlySpan<char> id)
    {
        text = text.Trim();
        if (Song.IsValidSpotifyId(text)) { id = text; return true; }
        id = default;
        int at = text.LastIndexOf("track", StringComparison.OrdinalIgnoreCase);
        if (at < 0 || at + 6 + 22 > text.Length || text[at + 5] is not (':' or '/')) return false;
        var candidate = text.Slice(at + 6, 22);
        var rest = text[(at + 6 + 22)..];
        if (!Song.IsValidSpotifyId(candidate) || (!rest.IsEmpty && rest[0] is not ('?' or '/' or '#'))) return false;
        id = candidate;
        return true;
    }
}
