namespace Circumplex.Music.Journeys.Export;

/// <summary>The files a journey can be saved as.</summary>
public enum JourneyFormat
{
    /// <summary>An extended M3U playlist in UTF-8: #EXTINF lines with "artists - title", then the Spotify URL.</summary>
    M3u8,
    /// <summary>RFC 4180 CSV, one row a song (see <see cref="JourneyCsv.Columns"/>).</summary>
    Csv,
    /// <summary>The <see cref="JourneyDocument"/> as JSON.</summary>
    Json,
}
