using System.Text;
using Circumplex.Music.Import;
using Xunit;

namespace Circumplex.Tests.Music;

/// <summary>
/// A catalog is read exactly or its bad rows are refused with their lines: broken quoting never merges rows into one
/// song, every common text encoding reads the same songs, and bytes that are not text are counted.
/// </summary>
public class ExactOrRefusedTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("circumplex-exact-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Write(string name, string text, Encoding? encoding = null)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text, encoding ?? new UTF8Encoding(false));
        return path;
    }

    private static string[] RealLines() =>
        File.ReadAllLines(SharedData.Require("catalogs/hf114k_sample2k/spotify_sample.csv"));

    [Fact]
    public void A_stray_quote_in_a_title_is_reported_with_its_lines_and_never_swallows_the_rows_after_it()
    {
        var lines = RealLines()[..50];
        // Line 11 gets a quote in the middle of its (unquoted) title, as a hand edit or a broken export leaves it.
        var fields = lines[10].Split(',');
        Assert.DoesNotContain('"', lines[10]);
        fields[3] = fields[3].Insert(2, "\"");
        lines[10] = string.Join(",", fields);
        var result = CatalogReader.Read(Write("stray.csv", string.Join("\n", lines) + "\n"));

        var error = Assert.Single(result.Errors);
        Assert.Equal(11, error.Line);
        Assert.Contains("broken quoting in column 'track_name'", error.Reason);
        Assert.True(error.LastLine > error.Line, "the stray quote ran on over the next lines");
        Assert.Contains("not imported", error.Reason);
        // No song holds text of another row, and every song outside the damaged lines is there.
        Assert.DoesNotContain(result.Songs, s => s.Title.Contains('\n') || s.Title.Length > 200);
        Assert.Equal(49 - error.LineCount, result.Songs.Count);
        Assert.Equal(49, result.DataLines);
    }

    [Fact]
    public void An_unclosed_quote_over_many_rows_is_one_error_covering_all_its_lines_and_the_file_is_refused()
    {
        var lines = RealLines()[..201];
        var fields = lines[1].Split(',');
        fields[3] = "\"" + fields[3]; // opens a quoted field that is never closed
        lines[1] = string.Join(",", fields);
        var result = CatalogReader.Read(Write("unclosed.csv", string.Join("\n", lines) + "\n"));

        var error = Assert.Single(result.Errors);
        Assert.Equal(2, error.Line);
        Assert.Equal(201, error.LastLine);
        Assert.Empty(result.Songs);
        Assert.Equal(200, result.BadLines);
        Assert.Contains("no valid song", CatalogImportPolicy.Refusal(result));
    }

    [Fact]
    public void A_quoted_title_holding_whole_rows_is_refused_but_a_title_with_its_own_line_break_is_kept()
    {
        var lines = RealLines()[..10];
        string header = lines[0];
        // The quote around "Bad" closes only after two whole rows (same field count, so only the shape gives it away).
        string swallowing = "5SuOikwiRyPMVoIQDJUgSV,A,B,\"Bad\n" + lines[2] + "\n" + lines[3].Replace("\"", "") + "\",1,1,False,0.5,0.5,1,-6,0,0.1,0.1,0,0.1,0.5,90,4,pop";
        string ownBreak = "0000000000000000000001,A,B,\"Two\nlines\",1,1,False,0.5,0.5,1,-6,0,0.1,0.1,0,0.1,0.5,90,4,pop";
        var result = CatalogReader.Read(Write("shaped.csv", string.Join("\n", header, lines[1], swallowing, ownBreak, lines[4]) + "\n"));
        var error = Assert.Single(result.Errors);
        Assert.Equal(3, error.Line);
        Assert.Equal(5, error.LastLine);
        Assert.Contains("look like whole rows", error.Reason);
        Assert.Equal(["Two\nlines"], result.Songs.Where(s => s.Id == "0000000000000000000001").Select(s => s.Title));
        Assert.Equal(3, result.Songs.Count);
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("utf-8-bom")]
    [InlineData("utf-16le")]
    [InlineData("utf-16be")]
    public void Utf8_with_or_without_bom_and_utf16_with_bom_read_the_same_songs(string encoding)
    {
        string source = SharedData.Require("catalogs/hf114k_sample2k/spotify_sample.csv");
        var expected = CatalogReader.Read(source);
        string text = File.ReadAllText(source);
        Encoding e = encoding switch
        {
            "utf-8" => new UTF8Encoding(false),
            "utf-8-bom" => new UTF8Encoding(true),
            "utf-16le" => new UnicodeEncoding(false, true),
            _ => new UnicodeEncoding(true, true),
        };
        var result = CatalogReader.Read(Write($"{encoding}.csv", text, e));
        Assert.Equal(encoding switch { "utf-8" => "UTF-8", "utf-8-bom" => "UTF-8 with BOM", "utf-16le" => "UTF-16 LE", _ => "UTF-16 BE" }, result.Encoding);
        Assert.Equal(expected.Songs.Select(s => (s.Id, s.Title, string.Join("|", s.Artists), s.Album)),
                     result.Songs.Select(s => (s.Id, s.Title, string.Join("|", s.Artists), s.Album)));
        Assert.Equal(0, result.InvalidBytes);
    }

    [Fact]
    public void Utf16_without_a_byte_order_mark_is_named_as_such()
    {
        string path = Path.Combine(_dir, "nobom.csv");
        File.WriteAllBytes(path, Encoding.Unicode.GetBytes(string.Join("\n", RealLines()[..5])));
        var e = Assert.Throws<CatalogFormatException>(() => CatalogReader.Read(path));
        Assert.Contains("UTF-16 without a byte-order mark", e.Message);
    }

    [Fact]
    public void Invalid_bytes_are_counted_and_their_lines_named()
    {
        var lines = RealLines()[..8];
        var bytes = new List<byte>();
        for (int i = 0; i < lines.Length; i++)
        {
            var line = Encoding.UTF8.GetBytes(lines[i]);
            if (i is 2 or 4)
            {
                // A Latin-1 'é' (0xE9) in the title: not UTF-8.
                int comma = 0, at = 0;
                while (comma < 3) if (line[at++] == ',') comma++;
                bytes.AddRange(line[..at]);
                bytes.Add(0xE9);
                bytes.AddRange(line[at..]);
            }
            else bytes.AddRange(line);
            bytes.Add((byte)'\n');
        }
        string path = Path.Combine(_dir, "latin1.csv");
        File.WriteAllBytes(path, bytes.ToArray());
        var result = CatalogReader.Read(path);
        Assert.Equal(2, result.InvalidBytes);
        Assert.Equal([3, 5], result.InvalidByteLines);
        Assert.Empty(result.Errors);
        Assert.Equal(7, result.Songs.Count);
        Assert.StartsWith("\uFFFD", result.Songs[1].Title);
    }

    [Theory]
    [InlineData(10, 0.5, false)]
    [InlineData(60, 0.5, true)]
    [InlineData(60, 0.7, false)]
    [InlineData(1, 0.0, true)]
    public void A_file_above_the_share_of_bad_lines_is_refused(int badPercent, double limit, bool refused)
    {
        var lines = RealLines()[..101];
        for (int i = 1; i <= badPercent; i++) lines[i] = "not,a,row";
        var result = CatalogReader.Read(Write("bad.csv", string.Join("\n", lines) + "\n"));
        Assert.Equal(badPercent, result.Errors.Count);
        var refusal = CatalogImportPolicy.Refusal(result, limit);
        Assert.Equal(refused, refusal is not null);
        if (refused) Assert.Contains($"{badPercent} of its 100 lines", refusal);
    }

    [Theory]
    [InlineData("0.2", 0.2)]
    [InlineData("20%", 0.2)]
    [InlineData("35", 0.35)]
    [InlineData("1", 1.0)]
    public void Shares_are_read_as_fractions_or_percentages(string text, double expected)
    {
        Assert.True(CatalogImportPolicy.TryParseShare(text, out double share));
        Assert.Equal(expected, share, 12);
        Assert.False(CatalogImportPolicy.TryParseShare("-1", out _));
        Assert.False(CatalogImportPolicy.TryParseShare("150%", out _));
        Assert.False(CatalogImportPolicy.TryParseShare("half", out _));
    }
}
