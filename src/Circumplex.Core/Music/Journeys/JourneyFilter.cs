using System.Globalization;

namespace Circumplex.Music.Journeys;

/// <summary>
/// Which songs a journey may use, by the catalog's optional columns. Every bound is inclusive; null means "any".
/// A filter on a column the loaded catalog does not have is refused by <see cref="CheckServable"/> rather than
/// answered with an empty playlist.
/// </summary>
public sealed record JourneyFilter(
    int? YearFrom = null, int? YearTo = null,
    int? PopularityFrom = null, int? PopularityTo = null,
    bool? Explicit = null,
    string? Genre = null)
{
    public static readonly JourneyFilter None = new();

    /// <summary>The filter names <see cref="Parse"/> knows, as the CLI and the API spell them.</summary>
    public static readonly IReadOnlyList<string> Names = ["year", "popularity", "explicit", "genre"];

    public bool IsEmpty => this == None;

    /// <summary>
    /// Reads filters given as name → text: <c>year</c> "1990-2010" (or one year), <c>popularity</c> "50-100",
    /// <c>explicit</c> "true"/"false", <c>genre</c> a name. An unknown name or a malformed value is an error that
    /// names the filter.
    /// </summary>
    public static JourneyFilter Parse(IEnumerable<KeyValuePair<string, string>> filters)
    {
        var result = None;
        foreach (var (rawName, text) in filters)
        {
            string name = rawName.Trim().ToLowerInvariant();
            switch (name)
            {
                case "year":
                    var (yearFrom, yearTo) = Range(name, text, 1, short.MaxValue);
                    result = result with { YearFrom = yearFrom, YearTo = yearTo };
                    break;
                case "popularity":
                    var (popularityFrom, popularityTo) = Range(name, text, 0, 100);
                    result = result with { PopularityFrom = popularityFrom, PopularityTo = popularityTo };
                    break;
                case "explicit":
                    result = result with { Explicit = Flag(name, text) };
                    break;
                case "genre":
                    if (string.IsNullOrWhiteSpace(text)) throw new JourneyFilterException(name, "genre must name a genre");
                    result = result with { Genre = text.Trim() };
                    break;
                default:
                    throw new JourneyFilterException(rawName, $"unknown filter '{rawName}': the filters are {string.Join(", ", Names)}");
            }
        }
        return result;
    }

    /// <summary>"1990-2010" or "1990" (one value) → inclusive bounds within [min, max].</summary>
    public static (int From, int To) Range(string name, string text, int min, int max)
    {
        var parts = text.Trim().Split('-', 2, StringSplitOptions.TrimEntries);
        var bad = new JourneyFilterException(name, $"{name} '{text}' is not a range: write FROM-TO (e.g. {min}-{max}) or one value");
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int from)) throw bad;
        int to = from;
        if (parts.Length == 2 && !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out to)) throw bad;
        if (from < min || to > max || from > to)
            throw new JourneyFilterException(name, $"{name} {from}-{to} must lie within {min}-{max}, lowest first");
        return (from, to);
    }

    private static bool Flag(string name, string text) => text.Trim().ToLowerInvariant() switch
    {
        "true" or "yes" or "1" => true,
        "false" or "no" or "0" => false,
        _ => throw new JourneyFilterException(name, $"{name} '{text}' is neither true nor false"),
    };

    /// <summary>Refuses a filter that asks for a column no song of the catalog has.</summary>
    public void CheckServable(ISongFacts facts)
    {
        if ((YearFrom is not null || YearTo is not null) && !facts.HasYear)
            throw new JourneyFilterException("year", "the loaded catalog has no release years (its source file had none): drop the year filter or import a catalog with release dates");
        if ((PopularityFrom is not null || PopularityTo is not null) && !facts.HasPopularity)
            throw new JourneyFilterException("popularity", "the loaded catalog has no popularity column: drop the popularity filter or import a catalog with one");
        if (Explicit is not null && !facts.HasExplicit)
            throw new JourneyFilterException("explicit", "the loaded catalog does not say which songs are explicit: drop the explicit filter or import a catalog with that column");
        if (Genre is not null && !facts.HasGenre)
            throw new JourneyFilterException("genre", "the loaded catalog has no genres: drop the genre filter or import a catalog with a genre column");
    }

    public override string ToString()
    {
        var parts = new List<string>();
        if (YearFrom is not null) parts.Add($"year {YearFrom}-{YearTo}");
        if (PopularityFrom is not null) parts.Add($"popularity {PopularityFrom}-{PopularityTo}");
        if (Explicit is not null) parts.Add($"explicit {(Explicit.Value ? "true" : "false")}");
        if (Genre is not null) parts.Add($"genre {Genre}");
        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }
}

/// <summary>A journey filter that is malformed, unknown, or asks for a column the catalog lacks; <see cref="Field"/> names it.</summary>
public sealed class JourneyFilterException(string field, string message) : ArgumentException(message)
{
    public string Field { get; } = field;
}
