using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Primitives;

namespace Circumplex.Web;

/// <summary>Parses query parameters with precise error messages (the framework's binder only says "failed to bind").</summary>
internal static class QueryParameters
{
    public static ProblemHttpResult? Coordinate(string? text, string name, out double value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(text)) return Problems.BadRequest($"{name} is required: a number in [-1, 1]");
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))
            return Problems.BadRequest($"{name} '{Shorten(text)}' is not a number");
        if (value is < -1 or > 1)
            return Problems.BadRequest(FormattableString.Invariant($"{name} must lie in [-1, 1], got {value}"));
        return null;
    }

    public static ProblemHttpResult? K(string? text, int max, out int k)
    {
        k = 5;
        if (text is null) return null;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out k))
            return Problems.BadRequest($"k '{Shorten(text)}' is not a whole number");
        if (k <= 0 || k > max) return Problems.BadRequest($"k must lie in 1..{max}, got {k}");
        return null;
    }

    /// <summary>maxPerArtist: absent → 1, 0 → no cap (null), else the cap.</summary>
    public static ProblemHttpResult? ArtistCap(string? text, out int? cap)
    {
        cap = 1;
        if (text is null) return null;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n < 0)
            return Problems.BadRequest($"maxPerArtist '{Shorten(text)}' is not 0 (no cap) or a positive whole number");
        cap = n == 0 ? null : n;
        return null;
    }

    public static ProblemHttpResult? Flag(StringValues values, string name, out bool flag)
    {
        flag = false;
        if (values.Count == 0) return null;
        string? text = values[0];
        switch (text?.Trim().ToLowerInvariant())
        {
            case "" or "1" or "true" or "yes" or "on": flag = true; return null;
            case "0" or "false" or "no" or "off": flag = false; return null;
            default: return Problems.BadRequest($"{name} '{Shorten(text ?? "")}' is neither true nor false");
        }
    }

    public static string Shorten(string s) => s.Length <= 40 ? s : s[..37] + "...";
}
