using System.Text.Json;
using Xunit;

namespace Circumplex.Tests.Cli;

/// <summary>`circumplex journey` end to end: the JSON shape, the M3U8 and CSV files read back, the errors.</summary>
[Collection(ConsoleErrorCollection.Name)]
public class JourneyCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("circumplex-journey-").FullName;
    private string Db => Path.Combine(_dir, "c.db");

    public JourneyCommandTests()
    {
        string csv = Path.Combine(_dir, "tracks.csv");
        SyntheticCatalog.Write(csv, 3000, seed: 13);
        File.AppendAllLines(csv, [SyntheticCatalog.Row("LongLongLongLongTitle1", MachineOutputTests.LongTitle, ["Abbado"], 0.05, 0.25)]);
        Assert.Equal(0, MachineOutputTests.RunNarrow(Db, "catalog", "import", csv).Code);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, true);
    }

    private (int Code, string Stdout, string Console) Run(params string[] args) => MachineOutputTests.RunNarrow(Db, args);

    private JsonElement Json(params string[] args)
    {
        var (code, stdout, console) = Run([.. args, "--format", "json"]);
        Assert.True(code == 0, console);
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    [Fact]
    public void Json_has_the_songs_in_playing_order_with_from_to_and_waypoints()
    {
        // Starts at the long-titled song (valence 0.05, energy 0.25), on a console far narrower than its title.
        var j = Json("journey", "--from", "-0.9,-0.5", "--to", "0.6,0.4", "-n", "12");
        Assert.Equal("lift", j.GetProperty("mode").GetString());
        Assert.Equal(-0.9, j.GetProperty("from").GetProperty("valence").GetDouble());
        Assert.Equal(0.4, j.GetProperty("to").GetProperty("arousal").GetDouble());
        Assert.False(j.GetProperty("targetByRule").GetBoolean());
        Assert.Equal(12, j.GetProperty("waypoints").GetArrayLength());
        var songs = j.GetProperty("songs").EnumerateArray().ToArray();
        Assert.Equal(12, songs.Length);
        Assert.Equal(Enumerable.Range(1, 12), songs.Select(s => s.GetProperty("number").GetInt32()));
        foreach (var s in songs)
        {
            Assert.Equal(22, s.GetProperty("id").GetString()!.Length);
            Assert.False(string.IsNullOrEmpty(s.GetProperty("title").GetString()));
            Assert.True(s.GetProperty("artists").GetArrayLength() >= 1);
            Assert.InRange(s.GetProperty("valence").GetDouble(), -1, 1);
            Assert.InRange(s.GetProperty("arousal").GetDouble(), -1, 1);
            Assert.Equal("https://open.spotify.com/track/" + s.GetProperty("id").GetString(), s.GetProperty("url").GetString());
        }
        // Nearer the target at the end than at the start.
        double V(JsonElement s) => s.GetProperty("valence").GetDouble();
        Assert.True(V(songs[^1]) > V(songs[0]));
        Assert.True(j.GetProperty("largestJump").GetDouble() > 0);

        var near = Json("journey", "--from", "-0.9,-0.5", "--mode", "match", "-n", "3");
        Assert.Contains(MachineOutputTests.LongTitle, near.GetProperty("songs").EnumerateArray().Select(s => s.GetProperty("title").GetString()));
    }

    [Fact]
    public void Without_a_target_a_lift_follows_the_rule()
    {
        var j = Json("journey", "--from", "-0.6,0.7");
        Assert.True(j.GetProperty("targetByRule").GetBoolean());
        Assert.Equal(0.3, j.GetProperty("to").GetProperty("valence").GetDouble());
        Assert.Equal(-0.5, j.GetProperty("to").GetProperty("arousal").GetDouble());
        Assert.Equal(10, j.GetProperty("songs").GetArrayLength());
    }

    [Fact]
    public void M3u8_file_reads_back_with_one_entry_a_song()
    {
        var json = Json("journey", "--from", "-0.5,-0.5", "--mode", "lift", "-n", "8");
        string file = Path.Combine(_dir, "j.m3u8");
        var (code, _, console) = Run("journey", "--from", "-0.5,-0.5", "--mode", "lift", "-n", "8", "--format", "m3u8", "--out", file);
        Assert.Equal(0, code);
        Assert.Contains("8 songs", console);
        var entries = PlaylistFiles.ReadM3u8(File.ReadAllText(file));
        var songs = json.GetProperty("songs").EnumerateArray().ToArray();
        Assert.Equal(8, entries.Count);
        for (int i = 0; i < 8; i++)
        {
            Assert.Equal(songs[i].GetProperty("url").GetString(), entries[i].Location);
            Assert.EndsWith(" - " + songs[i].GetProperty("title").GetString(), entries[i].Title);
        }
    }

    [Fact]
    public void Csv_reads_back_with_sep_and_honours_the_year_filter()
    {
        var (code, stdout, _) = Run("journey", "--from", "0.2,0.2", "--to", "-0.4,-0.6", "-n", "15", "--year", "1990-2000", "--format", "csv");
        Assert.Equal(0, code);
        var (columns, rows) = PlaylistFiles.ReadCsv(stdout);
        Assert.Equal(Circumplex.Music.Journeys.Export.JourneyCsv.Columns, columns);
        Assert.Equal(15, rows.Count);
        Assert.All(rows, r => Assert.InRange(int.Parse(r["year"]), 1990, 2000));
        Assert.All(rows, r => Assert.Equal("spotify:track:" + r["id"], r["uri"]));
        Assert.Equal(Enumerable.Range(1, 15).Select(n => n.ToString()), rows.Select(r => r["number"]));
    }

    [Theory]
    [InlineData("--filter", "tempo=120", "unknown filter 'tempo'")]
    [InlineData("--year", "2010-1990", "year")]
    [InlineData("--filter", "genre=jazz", "no genres")]
    [InlineData("--to", "2,0", "[-1, 1]")]
    [InlineData("-n", "51", "1..50")]
    [InlineData("--format", "xml", "m3u8, csv or json")]
    public void Bad_input_is_one_clear_error(string option, string value, string message)
    {
        var stderr = new StringWriter();
        var saved = Console.Error;
        Console.SetError(stderr);
        try
        {
            var (code, stdout, _) = Run("journey", "--from", "0,0", option, value);
            Assert.Equal(1, code);
            Assert.Equal("", stdout);
        }
        finally
        {
            Console.SetError(saved);
        }
        Assert.Contains(message, stderr.ToString());
    }

    [Fact]
    public void Match_with_a_target_is_refused()
    {
        Assert.Equal(1, Run("journey", "--from", "0,0", "--mode", "match", "--to", "0.5,0.5").Code);
    }
}
