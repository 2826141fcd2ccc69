using Circumplex.Affect;
using Circumplex.Music;
using Circumplex.Music.Journeys;
using Circumplex.Music.Journeys.Export;
using Xunit;

namespace Circumplex.Tests.Music.Journeys;

public class JourneyExportTests
{
    // Titles that break naive writers: a comma, quotes, a line break (a new M3U entry), a leading '#'.
    private static readonly Song[] Awkward =
    [
        new("a000000000000000000001", "Hello, \"World\"", ["A, B", "C"], "Alb", 1999, 10, false, 0.2, 0.2),
        new("a000000000000000000002", "Line\nbreak", ["D"], null, null, null, null, 0.4, 0.4),
        new("a000000000000000000003", "#1 hit", ["E"], null, 2001, 5, true, 0.6, 0.6),
    ];

    private static JourneyDocument Document()
    {
        var planner = new JourneyPlanner(Circumplex.Music.Index.SongIndex.Build(Awkward.Select(s => s.Id).ToArray(), Awkward.Select(s => s.Point).ToArray()),
            SongFacts.From(Awkward));
        var journey = planner.Plan(new JourneyRequest(new AffectPoint(-0.6, -0.6), To: new AffectPoint(0.2, 0.2), Count: 3));
        var byId = Awkward.ToDictionary(s => s.Id);
        return JourneyDocument.Of(journey, [.. journey.Steps.Select(s => byId[s.Id])]);
    }

    private static string Written(JourneyFormat format)
    {
        var w = new StringWriter();
        JourneyWriter.Write(w, Document(), format);
        return w.ToString();
    }

    [Fact]
    public void M3u8_has_one_entry_a_song_whatever_the_titles_hold()
    {
        var entries = PlaylistFiles.ReadM3u8(Written(JourneyFormat.M3u8));
        Assert.Equal(["A, B, C - Hello, \"World\"", "D - Line break", "E - #1 hit"], entries.Select(e => e.Title));
        Assert.Equal(Awkward.Select(s => s.SpotifyUrl), entries.Select(e => e.Location));
        Assert.All(entries, e => Assert.Equal(-1, e.Seconds));
    }

    [Fact]
    public void Csv_reads_back_field_for_field()
    {
        var (columns, rows) = PlaylistFiles.ReadCsv(Written(JourneyFormat.Csv));
        Assert.Equal(JourneyCsv.Columns, columns);
        Assert.Equal(Awkward.Select(s => s.Title), rows.Select(r => r["title"]));
        Assert.Equal(["A, B; C", "D", "E"], rows.Select(r => r["artists"]));
        Assert.Equal(["1999", "", "2001"], rows.Select(r => r["year"]));
        for (int i = 0; i < rows.Count; i++)
            Assert.Equal(Awkward[i].Point.Valence, double.Parse(rows[i]["valence"], System.Globalization.CultureInfo.InvariantCulture), 6);
        Assert.All(rows, r => Assert.Equal("lift", r["mode"]));
    }

    [Fact]
    public void An_empty_journey_still_has_a_csv_header()
    {
        var empty = new JourneyDocument("lift", new(0, 0), new(0.5, 0), true, [], 0, 10, []);
        var w = new StringWriter();
        JourneyCsv.Write(w, empty);
        var (columns, rows) = PlaylistFiles.ReadCsv(w.ToString());
        Assert.Equal(JourneyCsv.Columns, columns);
        Assert.Empty(rows);
    }

    [Fact]
    public void Json_uses_the_documented_names()
    {
        var json = System.Text.Json.JsonDocument.Parse(Written(JourneyFormat.Json)).RootElement;
        foreach (var name in new[] { "mode", "from", "to", "waypoints", "songs", "largestJump", "targetByRule" })
            Assert.True(json.TryGetProperty(name, out _), name);
        var song = json.GetProperty("songs")[0];
        foreach (var name in new[] { "id", "title", "artists", "valence", "arousal", "url", "uri" })
            Assert.True(song.TryGetProperty(name, out _), name);
    }

    [Theory]
    [InlineData("M3U8", JourneyFormat.M3u8)]
    [InlineData("csv", JourneyFormat.Csv)]
    [InlineData(" json", JourneyFormat.Json)]
    public void Formats_parse_by_name(string text, JourneyFormat format) => Assert.Equal(format, JourneyWriter.ParseFormat(text));
}
