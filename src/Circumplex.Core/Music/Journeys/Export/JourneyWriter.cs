using System.Text.Encodings.Web;
using System.Text.Json;

namespace Circumplex.Music.Journeys.Export;

/// <summary>Writes a journey in one of the <see cref="JourneyFormat"/>s, as it is (never through a console that wraps).</summary>
public static class JourneyWriter
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // titles as people read them, not \u00e9
    };

    public static void Write(TextWriter w, JourneyDocument journey, JourneyFormat format)
    {
        switch (format)
        {
            case JourneyFormat.M3u8: JourneyM3u8.Write(w, journey); break;
            case JourneyFormat.Csv: JourneyCsv.Write(w, journey); break;
            case JourneyFormat.Json: w.WriteLine(JsonSerializer.Serialize(journey, Json)); break;
            default: throw new ArgumentOutOfRangeException(nameof(format), format, "unknown format");
        }
    }

    /// <summary>"m3u8", "csv" or "json" (any case) → the format; anything else is an error naming the three.</summary>
    public static JourneyFormat ParseFormat(string text) => text.Trim().ToLowerInvariant() switch
    {
        "m3u8" or "m3u" => JourneyFormat.M3u8,
        "csv" => JourneyFormat.Csv,
        "json" => JourneyFormat.Json,
        _ => throw new ArgumentException($"unknown format '{text}': use m3u8, csv or json"),
    };

    public static string MediaType(JourneyFormat format) => format switch
    {
        JourneyFormat.M3u8 => "audio/x-mpegurl; charset=utf-8",
        JourneyFormat.Csv => "text/csv; charset=utf-8",
        _ => "application/json; charset=utf-8",
    };
}
