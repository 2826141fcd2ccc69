using System.Text.Json;
using Circumplex.Cli;
using Spectre.Console.Testing;
using Xunit;

namespace Circumplex.Tests.Cli;

/// <summary>
/// --json goes to standard output as it is, never through the rich console: a console 40 columns wide would wrap a
/// long title in the middle of a JSON string, and the output would no longer parse.
/// </summary>
public class MachineOutputTests : IDisposable
{
    internal const string LongTitle = "Piano Concerto No. 2 in B-Flat Major, Op. 83: IV. Allegretto grazioso";
    private readonly string _dir = Directory.CreateTempSubdirectory("circumplex-stdout-").FullName;
    private string Db => Path.Combine(_dir, "c.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, true);
    }

    /// <summary>Runs with a narrow console; returns what went to standard output and what went to the console.</summary>
    internal static (int Code, string Stdout, string Console) RunNarrow(string db, params string[] args)
    {
        var console = new TestConsole { Profile = { Width = 40 } };
        var stdout = new StringWriter();
        int code = CircumplexCli.Run([.. args, "--db", db], console, stdout);
        return (code, stdout.ToString(), console.Output);
    }

    /// <summary>A catalog whose every title is long, spread over the plane.</summary>
    internal static string LongTitleCatalog(string dir, int rows = 60)
    {
        string csv = Path.Combine(dir, "long.csv");
        var rng = new Random(3);
        File.WriteAllLines(csv, [SyntheticCatalog.Kaggle600kHeader,
            .. Enumerable.Range(0, rows).Select(i => SyntheticCatalog.Row(SyntheticCatalog.RandomId(rng), $"{LongTitle} ({i})",
                [$"Berliner Philharmoniker {i}", $"Claudio Abbado {i}"], rng.NextDouble(), rng.NextDouble()))]);
        return csv;
    }

    [Fact]
    public void Recommend_json_parses_whatever_the_console_width()
    {
        Assert.Equal(0, RunNarrow(Db, "catalog", "import", LongTitleCatalog(_dir)).Code);
        var (code, stdout, console) = RunNarrow(Db, "recommend", "-v", "0.1", "-a", "0.2", "--json");
        Assert.Equal(0, code);
        Assert.Equal("", console);
        using var doc = JsonDocument.Parse(stdout);
        var songs = doc.RootElement.GetProperty("songs").EnumerateArray().ToArray();
        Assert.Equal(5, songs.Length);
        Assert.All(songs, s => Assert.StartsWith(LongTitle, s.GetProperty("title").GetString()));
    }

    [Fact]
    public void Analyze_json_parses_whatever_the_console_width()
    {
        string photo = SharedData.Require("photos/face_recognition/obama.jpg");
        Assert.Equal(0, RunNarrow(Db, "catalog", "import", LongTitleCatalog(_dir)).Code);
        var (code, stdout, console) = RunNarrow(Db, "analyze", photo, "--model", AnalyzeCommandTests.MakeModel(_dir), "--json");
        Assert.Equal(0, code);
        Assert.Equal("", console);
        using var doc = JsonDocument.Parse(stdout);
        var face = Assert.Single(doc.RootElement.GetProperty("faces").EnumerateArray());
        Assert.All(face.GetProperty("songs").EnumerateArray(), s => Assert.StartsWith(LongTitle, s.GetProperty("title").GetString()));
    }
}
