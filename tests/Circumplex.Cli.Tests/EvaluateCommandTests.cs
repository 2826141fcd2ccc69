using Circumplex.Models;
using Circumplex.Training.Data;
using OpenCvSharp;
using Xunit;
using static TorchSharp.torch;

namespace Circumplex.Tests.Cli;

/// <summary>`evaluate` end to end on a small model file and a small labelled set made here.</summary>
[Collection(ConsoleErrorCollection.Name)]
public class EvaluateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("circumplex-evaluate-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Model()
    {
        string path = Path.Combine(_dir, "m.cmodel");
        manual_seed(1);
        using var network = AffectNetworkFactory.Create(Architecture.ResNet18, Design.OneByTwo, 64);
        ModelFile.Save(path, network, ModelMetadata.For(network));
        return path;
    }

    /// <summary>24 faces, three per class, with (v, a).</summary>
    private string Labelled()
    {
        var lines = new List<string> { "path,valence,arousal,expression" };
        for (int i = 0; i < 24; i++)
        {
            using var img = new Mat(64, 64, MatType.CV_8UC3, new Scalar(10 * i, 100, 200 - 5 * i));
            Cv2.ImWrite(Path.Combine(_dir, $"{i}.png"), img);
            lines.Add(FormattableString.Invariant($"{i}.png,{i / 24.0 - 0.5:0.000},{0.5 - i / 48.0:0.000},{i % 8}"));
        }
        string csv = Path.Combine(_dir, "faces.csv");
        File.WriteAllLines(csv, lines);
        return csv;
    }

    private static (int Code, string Output, string Error) Run(params string[] args) => InProcessCli.Run(args);

    private static string[] PredictedPaths(string outDir) =>
        [.. File.ReadAllLines(Path.Combine(outDir, "predictions.csv")).Skip(1).Select(l => l.Split(';')[0]).Order()];

    [Fact]
    public void Held_out_evaluates_exactly_the_faces_training_held_out_with_that_fraction_and_seed()
    {
        string model = Model(), csv = Labelled(), outDir = Path.Combine(_dir, "held");
        var (code, output, error) = Run("evaluate", "--model", model, "--data", csv, "--held-out", "0.25", "--seed", "3", "--out", outDir);
        Assert.True(code == 0, output + error);

        using var set = DatasetOpener.Open(csv);
        var (_, validation) = DatasetSplit.Stratified(set, 0.25, 3);
        string[] expected = [.. validation.Samples.Select(s => s.ImageKey).Order()];
        Assert.Equal(8, expected.Length); // one of the three faces of each class
        Assert.Equal(expected, PredictedPaths(outDir));
        Assert.Contains("held-out 25", output);

        // Another seed holds out other faces; without --held-out every face is read.
        Assert.Equal(0, Run("evaluate", "--model", model, "--data", csv, "--held-out", "0.25", "--seed", "4", "--out", Path.Combine(_dir, "other")).Code);
        Assert.NotEqual(expected, PredictedPaths(Path.Combine(_dir, "other")));
        Assert.Equal(0, Run("evaluate", "--model", model, "--data", csv, "--out", Path.Combine(_dir, "all")).Code);
        Assert.Equal(24, PredictedPaths(Path.Combine(_dir, "all")).Length);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("-0.2")]
    public void A_held_out_fraction_outside_zero_to_one_is_a_clear_error_and_writes_nothing(string fraction)
    {
        string outDir = Path.Combine(_dir, "bad");
        var (code, _, error) = Run("evaluate", "--data", Path.Combine(_dir, "never-read.csv"), "--held-out", fraction, "--out", outDir);
        Assert.Equal(1, code);
        Assert.Contains("--held-out must lie strictly between 0 and 1", error);
        Assert.False(Directory.Exists(outDir));
    }
}
