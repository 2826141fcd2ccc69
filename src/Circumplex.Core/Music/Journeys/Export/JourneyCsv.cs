using System.Globalization;
using nietras.SeparatedValues;

namespace Circumplex.Music.Journeys.Export;

/// <summary>
/// A journey as CSV (written with Sep, fields quoted where needed): one row a song in playing order, artists joined
/// by "; ", its point, the waypoint it was chosen for and the distance to it, the Spotify URL and URI; every row
/// also names the mode, from and to, so that a file on its own says what journey it was.
/// </summary>
public static class JourneyCsv
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "number", "id", "title", "artists", "album", "year", "valence", "arousal",
        "waypoint_valence", "waypoint_arousal", "distance", "url", "uri",
        "mode", "from_valence", "from_arousal", "to_valence", "to_arousal",
    ];

    public static void Write(TextWriter w, JourneyDocument journey)
    {
        using var writer = Sep.New(',').Writer(o => o with { Escape = true }).To(w, leaveOpen: true);
        if (journey.Songs.Count == 0)
        {
            // Sep writes the header with the first row; an empty journey still gets one.
            w.Write(string.Join(',', Columns) + "\n");
            return;
        }
        foreach (var s in journey.Songs)
        {
            using var row = writer.NewRow();
            row["number"].Set(s.Number.ToString(CultureInfo.InvariantCulture));
            row["id"].Set(s.Id);
            row["title"].Set(s.Title);
            row["artists"].Set(string.Join("; ", s.Artists));
            row["album"].Set(s.Album ?? "");
            row["year"].Set(s.Year?.ToString(CultureInfo.InvariantCulture) ?? "");
            row["valence"].Set(Number(s.Valence));
            row["arousal"].Set(Number(s.Arousal));
            row["waypoint_valence"].Set(Number(s.Waypoint.Valence));
            row["waypoint_arousal"].Set(Number(s.Waypoint.Arousal));
            row["distance"].Set(Number(s.Distance));
            row["url"].Set(s.Url);
            row["uri"].Set(s.Uri);
            row["mode"].Set(journey.Mode);
            row["from_valence"].Set(Number(journey.From.Valence));
            row["from_arousal"].Set(Number(journey.From.Arousal));
            row["to_valence"].Set(Number(journey.To.Valence));
            row["to_arousal"].Set(Number(journey.To.Arousal));
        }
    }

    private static string Number(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
