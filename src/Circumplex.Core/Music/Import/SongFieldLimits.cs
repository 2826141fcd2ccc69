namespace Circumplex.Music.Import;

/// <summary>
/// How long a song's texts may be. Real titles and albums stay far below (the longest of the 600k catalog's titles is
/// a few hundred characters, classical works with every movement named); a longer field is junk or an attack on
/// whoever shows or exports it, so the import cuts it and says so, row by row.
/// </summary>
public static class SongFieldLimits
{
    public const int Title = 500;
    public const int Album = 500;
    public const int Artist = 200;
    public const int Artists = 50;

    /// <summary>The text cut to <paramref name="limit"/> characters (never inside a surrogate pair), or as it was.</summary>
    public static string Cut(string text, int limit, string field, List<string> cuts)
    {
        if (text.Length <= limit) return text;
        int end = char.IsHighSurrogate(text[limit - 1]) ? limit - 1 : limit;
        cuts.Add($"{field} cut from {text.Length:N0} to {end:N0} characters");
        return text[..end];
    }
}
