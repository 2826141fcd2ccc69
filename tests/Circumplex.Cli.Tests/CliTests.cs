using System.Text.Json;
using Circumplex.Cli;
using Spectre.Console;
using Spectre.Console.Testing;
using Xunit;

namespace Circumplex.Tests.Cli;

/// <summary>The command line end to end, in process, against a temporary database.</summary>
[Collection(ConsoleErrorCollection.Name)]
public class CliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("circumplex-cli-").FullName;
    private string Db => Path.Combine(_dir, "c.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, true);
    }

    private (int Code, string Output) Run(params string[] args)
    {
        var console = new TestConsole { Profile = { Width = 250 } };
        var stdout = new StringWriter();
        int code = CircumplexCli.Run([.. args, "--db", Db], console, stdout);
        return (code, console.Output + stdout);
    }

    [Fact]
    public void Import_then_recommend_prints_five_real_songs_matching_brute_force()
    {
        string catalog = SharedData.Require("catalogs/tracks600k_first5000/tracks.csv");
        var (code, output) = Run("catalog", "import", catalog);
        Assert.Equal(0, code);
        Assert.Contains("5,000", output);

        (code, output) = Run("recommend", "--valence", "0.8", "--arousal", "0.6", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var songs = doc.RootElement.GetProperty("songs").EnumerateArray().ToArray();
        Assert.Equal(5, songs.Length);

        // Match: nearest first, skipping copies of a song already taken and a second song by a taken artist.
        var all = Circumplex.Music.Import.CatalogReader.Read(catalog).Songs;
        var expected = MatchReference.Expect(all, new Circumplex.Affect.AffectPoint(0.8, 0.6), 5);
        Assert.Equal(expected.Select(e => e.Id), songs.Select(s => s.GetProperty("id").GetString()));
        for (int i = 0; i < 5; i++)
            Assert.Equal(expected[i].Distance, songs[i].GetProperty("distance").GetDouble(), 12);
        Assert.StartsWith("https://open.spotify.com/track/", songs[0].GetProperty("url").GetString());

        (code, output) = Run("recommend", "-v", "0.8", "-a", "0.6");
        Assert.Equal(0, code);
        Assert.Contains(expected[0].Id, output);
    }

    [Fact]
    public void Broken_rows_are_listed_and_good_rows_imported()
    {
        string csv = Path.Combine(_dir, "b.csv");
        File.WriteAllText(csv, SyntheticCatalog.Kaggle600kHeader + "\n" +
            SyntheticCatalog.Row("0000000000000000000001", "Good", ["A"], 0.5, 0.5) + "\n" +
            SyntheticCatalog.Row("0000000000000000000002", "Bad", ["A"], 0.5, 0.5).Replace(",0.5,120.0", ",oops,120.0") + "\n");
        var (code, output) = Run("catalog", "import", csv);
        Assert.Equal(0, code);
        Assert.Contains("line 3: valence 'oops'", output);
        (code, output) = Run("catalog", "stats");
        Assert.Contains("1 songs", output);
    }

    [Fact]
    public void Strict_import_with_broken_rows_changes_nothing()
    {
        string csv = Path.Combine(_dir, "b.csv");
        File.WriteAllText(csv, SyntheticCatalog.Kaggle600kHeader + "\n" +
            SyntheticCatalog.Row("0000000000000000000001", "Good", ["A"], 0.5, 0.5) + "\n" +
            SyntheticCatalog.Row("short", "Bad", ["A"], 0.5, 0.5) + "\n");
        Assert.Equal(1, Run("catalog", "import", csv, "--strict").Code);
        Assert.Contains("empty", Run("catalog", "stats").Output);
    }

    [Fact]
    public void Unknown_schema_and_binary_files_fail_and_leave_the_database_unchanged()
    {
        string good = Path.Combine(_dir, "g.csv");
        SyntheticCatalog.Write(good, 10, 1);
        Assert.Equal(0, Run("catalog", "import", good).Code);
        byte[] before = File.ReadAllBytes(Db);

        string unknown = Path.Combine(_dir, "u.csv");
        File.WriteAllText(unknown, "x,y\n1,2\n");
        Assert.Equal(1, Run("catalog", "import", unknown).Code);
        string binary = Path.Combine(_dir, "b.bin");
        File.WriteAllBytes(binary, [1, 2, 0, 3]);
        Assert.Equal(1, Run("catalog", "import", binary).Code);
        Assert.Equal(1, Run("catalog", "import", Path.Combine(_dir, "missing.csv")).Code);

        Assert.Contains("10 songs", Run("catalog", "stats").Output);
        Assert.Equal(before.Length, File.ReadAllBytes(Db).Length);
    }

    private (int Code, string Output, string Error) RunCapturingErrors(params string[] args) => InProcessCli.Run([.. args, "--db", Db]);

    [Theory]
    [InlineData("0", "(0, 4]")]
    [InlineData("1.1 --detect", "whole images")]
    public void A_framing_scale_evaluate_cannot_apply_is_one_clear_error(string value, string message)
    {
        string[] args = ["evaluate", "--data", Path.Combine(_dir, "never-read.csv"), "--framing-scale", .. value.Split(' ')];
        var (code, _, error) = RunCapturingErrors(args);
        Assert.Equal(1, code);
        Assert.Contains(message, error);
    }

    [Fact]
    public void A_grey_reading_through_detection_is_one_clear_error()
    {
        var (code, _, error) = RunCapturingErrors("evaluate", "--data", Path.Combine(_dir, "never-read.csv"), "--greyscale", "--detect");
        Assert.Equal(1, code);
        Assert.Contains("--greyscale applies to whole images", error);
    }

    [Fact]
    public void Train_refuses_an_unknown_selection_criterion_before_reading_data()
    {
        var (code, _, error) = RunCapturingErrors("train", "--data", Path.Combine(_dir, "never-read.csv"), "--validation-fraction", "0.2", "--select-on", "best");
        Assert.Equal(1, code);
        Assert.Contains("choose affect or objective", error);
    }

    [Fact]
    public void Train_refuses_an_unknown_domain_blur_before_reading_data()
    {
        var (code, _, error) = RunCapturingErrors("train", "--data", Path.Combine(_dir, "never-read.csv"), "--validation-fraction", "0.2", "--domain-blur", "strong");
        Assert.Equal(1, code);
        Assert.Contains("choose auto, head or none", error);
    }

    [Fact]
    public void Train_refuses_a_greyscale_share_above_one_before_reading_data()
    {
        var (code, _, error) = RunCapturingErrors("train", "--data", Path.Combine(_dir, "never-read.csv"), "--validation-fraction", "0.2", "--greyscale", "1.5");
        Assert.Equal(1, code);
        Assert.Contains("greyscale share 1.5 is outside [0, 1]", error);
    }

    [Fact]
    public void Train_refuses_a_categorical_hold_out_when_every_set_has_valence_and_arousal()
    {
        string csv = Path.Combine(_dir, "faces.csv");
        var lines = new List<string> { "path,valence,arousal,expression" };
        for (int i = 0; i < 8; i++)
        {
            using var img = new OpenCvSharp.Mat(32, 32, OpenCvSharp.MatType.CV_8UC3, new OpenCvSharp.Scalar(20 * i, 80, 120));
            OpenCvSharp.Cv2.ImWrite(Path.Combine(_dir, $"{i}.png"), img);
            lines.Add($"{i}.png,0.1,0.2,{i % 2}");
        }
        File.WriteAllLines(csv, lines);
        var (code, _, error) = RunCapturingErrors("train", "--arch", "resnet18", "--pretrained", "none", "--size", "64", "--data", csv,
            "--validation-fraction", "0.5", "--categorical-validation-fraction", "0.1", "--out", Path.Combine(_dir, "run"));
        Assert.Equal(1, code);
        Assert.Contains("needs a training set without valence/arousal", error);
        Assert.False(Directory.Exists(Path.Combine(_dir, "run")), "nothing is written when the run is refused");
    }

    [Fact]
    public void Replace_with_a_file_without_one_valid_row_is_refused_and_the_catalog_kept()
    {
        string catalog = SharedData.Require("catalogs/moods686/data_moods.csv");
        Assert.Equal(0, Run("catalog", "import", catalog).Code);
        byte[] before = File.ReadAllBytes(Db);

        // Every row malformed: the real rows with their ids cut short.
        var lines = File.ReadAllLines(catalog);
        string broken = Path.Combine(_dir, "broken.csv");
        File.WriteAllLines(broken, lines.Take(1).Concat(lines.Skip(1).Select(l => l.Replace(",", ",x", StringComparison.Ordinal))));
        var (code, _, error) = RunCapturingErrors("catalog", "import", broken, "--replace");
        Assert.Equal(1, code);
        Assert.Contains("refused: no valid song among its 686 rows", error);

        // Mostly malformed: refused above the share, imported when the share allows it.
        string mostly = Path.Combine(_dir, "mostly.csv");
        File.WriteAllLines(mostly, lines.Take(101).Select((l, i) => i is > 0 and <= 80 ? "not,a,row" : l));
        (code, _, error) = RunCapturingErrors("catalog", "import", mostly, "--replace");
        Assert.Equal(1, code);
        Assert.Contains("80 of its 100 lines (80%) are in malformed rows, above the limit of 50%", error);
        Assert.Contains("686 songs", Run("catalog", "stats").Output);
        Assert.Equal(before, File.ReadAllBytes(Db));

        var (ok, output) = Run("catalog", "import", mostly, "--replace", "--max-bad-share", "90%");
        Assert.Equal(0, ok);
        Assert.Contains("Imported 20 songs", output);
        Assert.Equal(2, RunCapturingErrors("catalog", "import", mostly, "--max-bad-share", "lots").Code);
    }

    [Fact]
    public void An_import_into_a_new_database_that_imports_nothing_leaves_no_file_behind()
    {
        string fresh = Path.Combine(_dir, "fresh.db");
        string broken = Path.Combine(_dir, "broken.csv");
        File.WriteAllLines(broken, ["id,name,artists,valence,energy", "not-an-id,x,y,2,3"]);
        foreach (string input in new[] { broken, Path.Combine(_dir, "missing.csv") })
        {
            var (code, _, error) = InProcessCli.Run("catalog", "import", input, "--db", fresh);
            Assert.Equal(1, code);
            Assert.NotEqual("", error);
            Assert.All(Circumplex.Music.Storage.SqliteFiles.Suffixes, suffix => Assert.False(File.Exists(fresh + suffix), $"{fresh}{suffix} was left behind"));
        }
        // A good file creates it; a later refused one leaves it as it was.
        string good = SharedData.Require("catalogs/moods686/data_moods.csv");
        Assert.Equal(0, InProcessCli.Run("catalog", "import", good, "--db", fresh).Code);
        Assert.Equal(1, InProcessCli.Run("catalog", "import", broken, "--db", fresh, "--replace").Code);
        Assert.Contains("686 songs", InProcessCli.Run("catalog", "stats", "--db", fresh).Output);
    }

    [Fact]
    public void A_renamed_export_imports_with_columns_and_stats_show_the_mapping()
    {
        string catalog = SharedData.Require("catalogs/audio_features_2019_sample4k/spotify_sample.csv");
        var lines = File.ReadAllLines(catalog);
        string renamed = Path.Combine(_dir, "renamed.csv");
        // Two columns could hold the artist: the import asks which, and --columns settles it.
        File.WriteAllLines(renamed, [lines[0].Replace("artist_name", "Performer").Replace("track_id", "Track URI").Replace("track_name", "Song") + ",Artist",
            .. lines.Skip(1).Select(l => l + ",someone")]);
        var (code, _, error) = RunCapturingErrors("catalog", "import", renamed);
        Assert.Equal(1, code);
        Assert.Contains("artists could be any of the columns 'Performer', 'Artist'", error);
        Assert.Contains("--columns", error);

        var (ok, output) = Run("catalog", "import", renamed, "--columns", "artists=Performer");
        Assert.Equal(0, ok);
        Assert.Contains("Imported 4,000 songs", output);
        var stats = Run("catalog", "stats").Output;
        Assert.Contains("--columns", stats);
        Assert.Contains("#1 columns: id=Track URI, title=Song, artists=Performer, valence=valence, energy=energy, popularity=popularity", stats);
        Assert.Equal(2, RunCapturingErrors("catalog", "import", renamed, "--columns", "mood=x").Code);
    }

    [Fact]
    public void Out_of_range_input_is_an_error()
    {
        Assert.Equal(1, Run("recommend", "-v", "1.5", "-a", "0").Code);
        Assert.Equal(1, Run("recommend", "-v", "0", "-a", "0", "-k", "0").Code);
        Assert.Equal(2, Run("recommend", "-v", "abc", "-a", "0").Code);
        Assert.Equal(1, Run("recommend", "-v", "0", "-a", "0").Code); // empty catalog
    }

    [Fact]
    public void Serve_with_a_photo_folder_it_cannot_write_fails_at_start_with_a_clear_error()
    {
        string file = Path.Combine(_dir, "taken");
        File.WriteAllText(file, "x");
        var (code, _, error) = RunCapturingErrors("serve", "--urls", "http://127.0.0.1:0", "--store-photos", Path.Combine(file, "photos"));
        Assert.Equal(1, code);
        Assert.Contains($"error: photos cannot be stored in {Path.Combine(file, "photos")}: ", error);
        Assert.Contains("Give a directory this server can write to, or leave photo storage off.", error);
        Assert.False(File.Exists(Db), "the database was opened although the server could not start");
    }

    [Fact]
    public void Serve_refuses_a_negative_memory_budget_before_loading_anything()
    {
        var (code, _, error) = RunCapturingErrors("serve", "--urls", "http://127.0.0.1:0", "--memory-budget-mb", "-1");
        Assert.Equal(1, code);
        Assert.Contains("--memory-budget-mb -1 is negative", error);
    }
}
