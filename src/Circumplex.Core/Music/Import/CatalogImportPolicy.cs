using System.Globalization;

namespace Circumplex.Music.Import;

/// <summary>
/// Whether a read file may be imported at all, decided before anything in the catalog is touched (so --replace never
/// empties a catalog for a file that is mostly broken). The command line and the upload API ask the same question.
/// </summary>
public static class CatalogImportPolicy
{
    /// <summary>Above this share of lines in malformed rows a file is refused (a file damaged that much is not the catalog meant).</summary>
    public const double DefaultMaxBadShare = 0.5;

    /// <summary>Why the file must not be imported, or null when it may be.</summary>
    public static string? Refusal(CatalogReadResult read, double maxBadShare = DefaultMaxBadShare)
    {
        if (read.Songs.Count == 0)
            return $"no valid song among its {read.RowsRead:N0} rows: nothing imported, the catalog is unchanged";
        if (read.DataLines <= 0) return null;
        double share = (double)read.BadLines / read.DataLines;
        if (share > maxBadShare)
            return string.Create(CultureInfo.InvariantCulture,
                $"{read.BadLines:N0} of its {read.DataLines:N0} lines ({share * 100:0.#}%) are in malformed rows, above the limit of {maxBadShare * 100:0.#}%: nothing imported, the catalog is unchanged (raise the limit with --max-bad-share, or maxBadShare= on the API)");
        return null;
    }

    /// <summary>Parses a share given as 0.2, 20% or 20 (percent when above 1).</summary>
    public static bool TryParseShare(string text, out double share)
    {
        text = text.Trim();
        bool percent = text.EndsWith('%');
        if (percent) text = text[..^1];
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out share) || !double.IsFinite(share) || share < 0) return false;
        if (percent || share > 1) share /= 100;
        return share <= 1;
    }
}
