using Circumplex.Models;
using Xunit;
using static TorchSharp.torch;

namespace Circumplex.Tests.Cli;

/// <summary>`train --init MODEL`: fine-tuning keeps reading the input the way the start's weights learnt it.</summary>
[Collection(ConsoleErrorCollection.Name)]
public class TrainInitTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("circumplex-train-init-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>80 labelled copies of four real single-face photos (finishing a run measures the framing with the face detector).</summary>
    private string Faces()
    {
        string[] photos = [.. new[] { "obama_small.jpg", "obama-480p.jpg", "obama.jpg", "alex-lacamoire.png" }
            .Select(name => SharedData.Require($"photos/face_recognition/{name}"))];
        var lines = new List<string> { "path,valence,arousal,expression" };
        for (int i = 0; i < 80; i++)
        {
            string photo = photos[i % photos.Length], name = $"{i}{Path.GetExtension(photo)}";
            File.Copy(photo, Path.Combine(_dir, name));
            lines.Add(FormattableString.Invariant($"{name},{i / 80.0 - 0.5:0.000},{0.5 - i / 160.0:0.000},{i % 8}"));
        }
        string csv = Path.Combine(_dir, "faces.csv");
        File.WriteAllLines(csv, lines);
        return csv;
    }

    [Fact]
    public void A_run_from_a_model_normalises_its_input_as_that_model_does()
    {
        string start = Path.Combine(_dir, "start.cmodel"), tuned = Path.Combine(_dir, "tuned.cmodel");
        float[] mean = [0.3f, 0.4f, 0.5f], std = [0.2f, 0.25f, 0.3f];
        manual_seed(1);
        using (var network = AffectNetworkFactory.Create(Architecture.ResNet18, Design.OneByTwo, 64))
            ModelFile.Save(start, network, ModelMetadata.For(network) with { NormalizationMean = mean, NormalizationStd = std });

        var (code, output, error) = InProcessCli.Run("train", "--arch", "resnet18", "--size", "64", "--init", start, "--data", Faces(),
            "--validation-fraction", "0.5", "--epochs", "1", "--batch", "4", "--refit-head", "none",
            "--out", Path.Combine(_dir, "run"), "--model-out", tuned);
        Assert.True(code == 0, output + error);
        var metadata = ModelFile.ReadMetadata(tuned);
        Assert.Equal(mean, metadata.NormalizationMean);
        Assert.Equal(std, metadata.NormalizationStd);
    }

    [Fact]
    public void A_missing_start_model_is_a_clear_error_and_nothing_is_written()
    {
        string missing = Path.Combine(_dir, "missing.cmodel");
        var (code, _, error) = InProcessCli.Run("train", "--arch", "resnet18", "--size", "64", "--init", missing, "--data", Faces(),
            "--validation-fraction", "0.5", "--out", Path.Combine(_dir, "run"));
        Assert.Equal(1, code);
        Assert.Contains("model file not found", error);
        Assert.False(Directory.Exists(Path.Combine(_dir, "run")));
    }
}
