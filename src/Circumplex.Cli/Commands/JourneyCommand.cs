using System.CommandLine;
using System.Globalization;
using Circumplex.Affect;
using Circumplex.Music;
using Circumplex.Music.Journeys;
using Circumplex.Music.Journeys.Export;
using Circumplex.Music.Storage;
using Spectre.Console;

namespace Circumplex.Cli.Commands;

/// <summary>
/// `circumplex journey --from V,A [--to V,A | --mode lift|match]`: a playlist that walks the circumplex from the
/// listener's point to a target (Lift), or stays at the point (Match). Without --format it prints a table; with one it
/// writes the file (or standard output) as it is.
/// </summary>
public static class JourneyCommand
{
    public static Command Create(IAnsiConsole console, TextWriter stdout)
    {
        var from = new Option<string>("--from") { Description = "The listener's point: V,A with both in [-1, 1]", Required = true, HelpName = "V,A" };
        var to = new Option<string?>("--to") { Description = "The target (Lift); default: the lift rule (see README)", HelpName = "V,A" };
        var mode = new Option<string?>("--mode") { Description = "lift (default) or match", HelpName = "lift|match" };
        var count = new Option<int>("-n") { Description = $"How many songs, 1..{JourneyRequest.MaxCount}", DefaultValueFactory = _ => JourneyRequest.DefaultCount };
        var maxPerArtist = PlaylistOptions.MaxPerArtist();
        var year = new Option<string?>("--year") { Description = "Release years, e.g. 1990-2010 (or one year)", HelpName = "FROM-TO" };
        var filters = new Option<string[]>("--filter")
        {
            Description = $"More filters as NAME=VALUE: {string.Join(", ", JourneyFilter.Names)} (e.g. popularity=50-100, explicit=false)",
            HelpName = "NAME=VALUE",
            AllowMultipleArgumentsPerToken = false,
        };
        var format = new Option<string?>("--format") { Description = "Write m3u8, csv or json instead of a table", HelpName = "m3u8|csv|json" };
        var output = new Option<FileInfo?>("--out") { Description = "Write to this file instead of standard output (with --format)" };
        var command = new Command("journey", "A playlist from the listener's (valence, arousal) to a target: Lift (the default) or Match")
        {
            from, to, mode, count, maxPerArtist, year, filters, format, output,
        };
        command.SetAction(parse =>
        {
            var request = new JourneyRequest(
                Point(parse.GetRequiredValue(from), "--from"),
                Mode(parse.GetValue(mode), parse.GetValue(to) is not null),
                parse.GetValue(to) is { } target ? Point(target, "--to") : null,
                Count(parse.GetValue(count)),
                PlaylistOptions.Cap(parse.GetValue(maxPerArtist)),
                Filter(parse.GetValue(year), parse.GetValue(filters) ?? []));
            var chosenFormat = parse.GetValue(format) is { } f ? JourneyWriter.ParseFormat(f) : (JourneyFormat?)null;
            var file = parse.GetValue(output);
            if (file is not null && chosenFormat is null) throw new ArgumentException("--out needs --format m3u8, csv or json");

            JourneyDocument journey;
            using (var store = CatalogDatabase.OpenCatalog(CommonOptions.DatabaseOf(parse)))
            {
                var recommender = Recommender.FromStore(store);
                var planned = recommender.Plan(request);
                journey = JourneyDocument.Of(planned, recommender.Songs(planned));
            }
            if (journey.Songs.Count < journey.Requested)
                Console.Error.WriteLine($"note: only {journey.Songs.Count} of {journey.Requested} songs pass the filters and the artist cap");
            if (chosenFormat is not { } chosen)
            {
                console.Write(Table(journey));
                return 0;
            }
            if (file is null)
            {
                JourneyWriter.Write(stdout, journey, chosen);
                stdout.Flush();
                return 0;
            }
            WriteAtomically(file.FullName, w => JourneyWriter.Write(w, journey, chosen));
            console.MarkupLineInterpolated($"wrote {journey.Songs.Count} songs to {file.FullName}");
            return 0;
        });
        return command;
    }

    /// <summary>"V,A" → a point; each in [-1, 1].</summary>
    internal static AffectPoint Point(string text, string option)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 2
            || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double a))
            throw new ArgumentException($"{option} '{text}' is not a point: write V,A (e.g. -0.4,0.6)");
        if (v is < -1 or > 1 || a is < -1 or > 1 || !double.IsFinite(v) || !double.IsFinite(a))
            throw new ArgumentException($"{option} {text}: valence and arousal must lie in [-1, 1]");
        return new AffectPoint(v, a);
    }

    private static JourneyMode Mode(string? text, bool hasTarget) => text?.Trim().ToLowerInvariant() switch
    {
        null or "lift" => JourneyMode.Lift,
        "match" when hasTarget => throw new ArgumentException("--to goes with Lift: Match stays at the --from point"),
        "match" => JourneyMode.Match,
        _ => throw new ArgumentException($"--mode '{text}': use lift or match"),
    };

    private static int Count(int n) => n is >= 1 and <= JourneyRequest.MaxCount
        ? n
        : throw new ArgumentOutOfRangeException("-n", n, $"-n must lie in 1..{JourneyRequest.MaxCount}");

    private static JourneyFilter Filter(string? year, string[] filters)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        if (year is not null) pairs.Add(new("year", year));
        foreach (var f in filters)
        {
            int eq = f.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"--filter '{f}' is not NAME=VALUE (names: {string.Join(", ", JourneyFilter.Names)})");
            pairs.Add(new(f[..eq], f[(eq + 1)..]));
        }
        return JourneyFilter.Parse(pairs);
    }

    private static void WriteAtomically(string path, Action<TextWriter> write)
    {
        string tmp = path + ".tmp";
        using (var w = new StreamWriter(tmp, false, new System.Text.UTF8Encoding(false))) write(w);
        File.Move(tmp, path, overwrite: true);
    }

    private static Table Table(JourneyDocument j)
    {
        // Rounded first, so that -0.001 shows as 0.00, not -0.00.
        static string P(JourneyPoint p) => FormattableString.Invariant($"({Math.Round(p.Valence, 2) + 0.0:0.00}, {Math.Round(p.Arousal, 2) + 0.0:0.00})");
        var title = FormattableString.Invariant(
            $"{j.Mode}: {P(j.From)} → {P(j.To)}{(j.TargetByRule ? " (default target)" : "")}, largest jump {j.LargestJump:0.000}");
        var table = new Table { Title = new TableTitle(Markup.Escape(title)) };
        table.AddColumns("#", "title", "artists", "year", "(v, a)", "waypoint", "off by", "Spotify");
        foreach (var s in j.Songs)
            table.AddRow(
                s.Number.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(s.Title),
                Markup.Escape(string.Join(", ", s.Artists)),
                s.Year?.ToString(CultureInfo.InvariantCulture) ?? "",
                FormattableString.Invariant($"({s.Valence:0.000}, {s.Arousal:0.000})"),
                P(s.Waypoint),
                FormattableString.Invariant($"{s.Distance:0.0000}"),
                s.Url);
        return table;
    }
}
