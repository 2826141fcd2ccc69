namespace Circumplex.Music.Journeys.Export;

/// <summary>
/// Extended M3U in UTF-8 (the ".m3u8" convention): <c>#EXTM3U</c>, a <c>#PLAYLIST</c> name, then per song
/// <c>#EXTINF:-1,Artists - Title</c> (length unknown: the catalog does not keep durations) and its Spotify URL.
/// Line breaks inside a title would start a new entry, so they become spaces.
/// </summary>
public static class JourneyM3u8
{
    public static void Write(TextWriter w, JourneyDocument journey)
    {
        w.Write("#EXTM3U\n");
        w.Write($"#PLAYLIST:{OneLine(Name(journey))}\n");
        foreach (var song in journey.Songs)
        {
            w.Write($"#EXTINF:-1,{OneLine(string.Join(", ", song.Artists))} - {OneLine(song.Title)}\n");
            w.Write(song.Url);
            w.Write('\n');
        }
    }

    public static string Name(JourneyDocument j) => FormattableString.Invariant(
        $"Circumplex {j.Mode} ({j.From.Valence:0.##}, {j.From.Arousal:0.##}) → ({j.To.Valence:0.##}, {j.To.Arousal:0.##})");

    private static string OneLine(string s) => s.ReplaceLineEndings(" ");
}
