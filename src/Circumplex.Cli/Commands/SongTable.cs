using Circumplex.Affect;
using Circumplex.Music;
using Spectre.Console;

namespace Circumplex.Cli.Commands;

/// <summary>Recommendations as a console table (rank, title, artists, year, position, distance, link).</summary>
public static class SongTable
{
    public static Table Create(AffectPoint query, IReadOnlyList<Recommendation> recommendations)
    {
        var table = new Table { Title = new TableTitle($"songs nearest to {query}") };
        table.AddColumns("#", "title", "artists", "year", "(v, a)", "distance", "Spotify");
        foreach (var r in recommendations)
        {
            var p = r.Song.Point;
            table.AddRow(
                r.Rank.ToString(),
                Markup.Escape(r.Song.Title),
                Markup.Escape(string.Join(", ", r.Song.Artists)),
                r.Song.Year?.ToString() ?? "",
                FormattableString.Invariant($"({p.Valence:0.000}, {p.Arousal:0.000})"),
                FormattableString.Invariant($"{r.Distance:0.0000}"),
                r.Song.SpotifyUrl);
        }
        return table;
    }
}
