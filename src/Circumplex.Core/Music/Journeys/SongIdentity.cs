using System.Globalization;
using System.Text;

namespace Circumplex.Music.Journeys;

/// <summary>
/// When two catalog rows are the same song to a listener: Spotify lists one recording under several ids (album,
/// single, compilation), with the same title and the same artists. Titles and artist names are compared after
/// <see cref="Normalize"/>; the artists as a set (order does not matter).
/// </summary>
public static class SongIdentity
{
    /// <summary>
    /// Case, accents, punctuation and spacing removed: "Café  del Mar!" and "cafe del mar" are equal. Nothing else
    /// is removed: "Song - Remastered 2011" stays a different title, because such versions can sound different.
    /// </summary>
    public static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        bool space = false;
        foreach (char raw in text)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(raw) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
                continue; // a combining accent: "e" + U+0301 reads as "e"
            char c = Fold(raw);
            if (char.IsLetterOrDigit(c))
            {
                if (space && sb.Length > 0) sb.Append(' ');
                sb.Append(char.ToLowerInvariant(c));
                if (raw == 'ß') sb.Append('s');
                space = false;
            }
            else space = true;
        }
        // A title made only of punctuation ("...") still needs a key of its own.
        return sb.Length == 0 ? text.Trim() : sb.ToString();
    }

    // The build runs with invariant globalization, where string.Normalize cannot decompose accents; so Latin-1 and
    // Latin Extended-A letters map to their base letter by table (ß, æ, ø, ł, đ, œ, þ included), full-width ASCII to ASCII.
    private const string LatinBase =
        "AAAAAAACEEEEIIIIDNOOOOO×OUUUUYTsaaaaaaaceeeeiiiidnooooo÷ouuuuytyAaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiIiJjKkkLlLlLlLlLlNnNnNnnNnOoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";

    private static char Fold(char c) => c switch
    {
        >= '\u00C0' and <= '\u017F' => LatinBase[c - 0xC0],
        >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
        _ => c,
    };

    /// <summary>The key that two copies of one song share: normalised title and the sorted set of normalised artists.</summary>
    public static string Key(string title, IEnumerable<string> artists)
    {
        var names = artists.Select(Normalize).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return Normalize(title) + "\u001f" + string.Join('\u001e', names);
    }
}
