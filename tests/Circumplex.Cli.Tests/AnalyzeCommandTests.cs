using System.Text.Json;
using Circumplex.Affect;
using Circumplex.Cli;
using Circumplex.Emotion;
using Circumplex.Models;
using Spectre.Console.Testing;
using Xunit;

namespace Circumplex.Tests.Cli;

/// <summary>`analyze` and `models list` end to end with a small model file made here (untrained weights, a real tree).</summary>
public class AnalyzeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("circumplex-analyze-").FullName;
    private string Db => Path.Combine(_dir, "c.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, true);
    }

    private string MakeModel() => MakeModel(_dir);

    /// <summary>A small model file in <paramref name="dir"/>: untrained weights and a real tree over four quadrants.</summary>
    internal static string MakeModel(string dir)
    {
        string path = Path.Combine(dir, "tiny.cmodel");
        TorchSharp.torch.manual_seed(1);
        using var network = AffectNetworkFactory.Create(Architecture.InvNet50, Design.OneByTwo, 64);
        var quadrants = new List<LabelledAffect>();
        for (int i = 0; i < 40; i++)
        {
            double x = 0.1 + i / 50.0;
            quadrants.Add(new(new AffectPoint(x, x), Expression.Happy));
            quadrants.Add(new(new AffectPoint(-x, -x), Expression.Sad));
            quadrants.Add(new(new AffectPoint(-x, x), Expression.Anger));
            quadrants.Add(new(new AffectPoint(x, -x), Expression.Neutral));
        }
        var tree = CartTrainer.Fit(quadrants, new TreeHyperParameters(4, 2, 1));
        ModelFile.Save(path, network, ModelMetadata.For(network) with { EmotionTreeJson = tree.ToJson() });
        return path;
    }

    private (int Code, string Output) Run(params string[] args)
    {
        var console = new TestConsole { Profile = { Width = 250 } };
        var stdout = new StringWriter();
        int code = CircumplexCli.Run([.. args, "--db", Db], console, stdout);
        return (code, console.Output + stdout);
    }

    [Fact]
    public void Analyze_prints_the_face_the_estimate_the_emotion_and_five_songs()
    {
        string photo = SharedData.Require("photos/face_recognition/obama.jpg");
        string catalog = SharedData.Require("catalogs/tracks600k_first5000/tracks.csv");
        Assert.Equal(0, Run("catalog", "import", catalog).Code);
        var (code, output) = Run("analyze", photo, "--model", MakeModel(), "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var face = Assert.Single(doc.RootElement.GetProperty("faces").EnumerateArray());
        var box = face.GetProperty("box");
        Assert.True(box.GetProperty("width").GetInt32() > 50);
        double v = face.GetProperty("valence").GetDouble(), a = face.GetProperty("arousal").GetDouble();
        Assert.InRange(v, -1, 1);
        Assert.InRange(a, -1, 1);
        Assert.Contains(face.GetProperty("emotion").GetString(), new[] { "happy", "sad", "anger", "neutral" });
        var songs = face.GetProperty("songs").EnumerateArray().ToArray();
        Assert.Equal(5, songs.Length);
        Assert.True(songs.Select(s => s.GetProperty("distance").GetDouble()).SequenceEqual(songs.Select(s => s.GetProperty("distance").GetDouble()).Order()));
    }

    [Fact]
    public void A_photo_without_a_face_is_an_error_not_a_guess()
    {
        string photo = SharedData.Require("photos/skimage/coffee.png");
        var (code, _) = Run("analyze", photo, "--model", MakeModel());
        Assert.Equal(1, code);
    }

    [Fact]
    public void A_corrupt_model_file_is_refused()
    {
        string bad = Path.Combine(_dir, "bad.cmodel");
        File.WriteAllText(bad, "not a model");
        string photo = Path.Combine(_dir, "p.jpg");
        File.WriteAllBytes(photo, [0xFF, 0xD8, 0xFF]);
        Assert.Equal(1, Run("analyze", photo, "--model", bad).Code);
    }

    [Fact]
    public void Models_list_prints_every_architecture_within_five_percent()
    {
        var (code, output) = Run("models", "list");
        Assert.Equal(0, code);
        foreach (var name in new[] { "AlexNet", "ResNet50", "ViT", "InvNet50", "DRViT" }) Assert.Contains(name, output);
        Assert.DoesNotContain("│ no", output);
    }
}
