using Circumplex.Affect;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Circumplex.Models.Tests;

public class ModelFileTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    /// <summary>A network whose BatchNorm statistics have moved off their defaults, so buffers are really tested.</summary>
    private static AffectNetwork TrainedLooking(Architecture architecture, Design design, int size)
    {
        var network = AffectNetworkFactory.Create(architecture, design, size);
        network.train();
        using (no_grad())
        using (NewDisposeScope())
            network.forward(TestInputs.Normal(40, 3, 3, size, size));
        network.eval();
        return network;
    }

    /// <summary>What the file keeps of a float32 weight: its nearest float16.</summary>
    private static void RoundToHalf(nn.Module module)
    {
        using var _ = no_grad();
        foreach (var (_, tensor) in module.state_dict())
            if (tensor.dtype == ScalarType.Float32)
                tensor.copy_(tensor.to(ScalarType.Float16).to(ScalarType.Float32));
    }

    [Theory]
    [InlineData(Architecture.InvNet50, Design.OneByTwo, 64)]
    [InlineData(Architecture.DRViT, Design.TwoByOne, 64)]
    public void A_loaded_model_computes_exactly_what_its_half_precision_weights_compute(Architecture architecture, Design design, int size)
    {
        using var scope = NewDisposeScope();
        using var network = TrainedLooking(architecture, design, size);
        string path = folder.File("model.cmodel");
        ModelFile.Save(path, network, ModelMetadata.For(network));

        RoundToHalf(network);
        using var loaded = ModelFile.Load(path);
        var x = TestInputs.Normal(41, 2, 3, size, size);
        using var _ = no_grad();
        var expected = network.forward(x);
        var actual = loaded.Network.forward(x);
        Assert.True(expected.equal(actual).all().item<bool>(), $"outputs differ by up to {TestInputs.MaxAbsDifference(expected, actual)}");
        Assert.Equal(architecture, loaded.Network.Architecture);
        Assert.Equal(design, loaded.Network.Design);
        Assert.False(loaded.Network.training);
    }

    [Fact]
    public void Saving_a_loaded_model_again_gives_the_same_bytes()
    {
        using var scope = NewDisposeScope();
        using var network = TrainedLooking(Architecture.InvNet50, Design.TwoByOne, 64);
        string first = folder.File("first.cmodel"), second = folder.File("second.cmodel");
        ModelFile.Save(first, network, ModelMetadata.For(network) with { Description = "round trip" });
        using (var loaded = ModelFile.Load(first))
            ModelFile.Save(second, loaded.Network, loaded.Metadata);
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
        Assert.Equal([Path.GetFileName(first), Path.GetFileName(second)], Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Weights_are_stored_in_half_precision()
    {
        using var network = AffectNetworkFactory.Create(Architecture.InvNet50, Design.OneByTwo, 64);
        string path = folder.File("half.cmodel");
        ModelFile.Save(path, network, ModelMetadata.For(network));
        long parameters = ParameterCount.Of(network);
        Assert.InRange(new FileInfo(path).Length, 2 * parameters, 2 * parameters + 1_000_000);
    }

    [Fact]
    public void Metadata_survives_the_round_trip()
    {
        using var network = AffectNetworkFactory.Create(Architecture.DRViT, Design.OneByTwo, 64);
        var valence = new AxisMetrics(0.36, 0.68, 0.66, 0.78, 800);
        var arousal = new AxisMetrics(0.36, double.NaN, 0.53, 0.75, 800);
        var metadata = ModelMetadata.For(network) with
        {
            NormalizationMean = [0.5f, 0.4f, 0.3f],
            NormalizationStd = [0.2f, 0.25f, 0.3f],
            TrainingData = new TrainingDataSummary { Dataset = "AffectNet val split", Augmentation = "B", TrainImages = 2400, Epochs = 3, Seed = 7 },
            Metrics = ModelMetrics.FromAxes("test", valence, arousal),
            EmotionTreeJson = "{\"feature\":[]}",
            CreatedUtc = new DateTimeOffset(2024, 5, 6, 7, 8, 9, 123, TimeSpan.Zero).AddTicks(4567),
            Description = "seed 7",
        };
        string path = folder.File("meta.cmodel");
        ModelFile.Save(path, network, metadata);

        var read = ModelFile.ReadMetadata(path);
        Assert.Equal(Architecture.DRViT, read.Architecture);
        Assert.Equal(64, read.InputSize);
        Assert.Equal(ParameterCount.Of(network), read.ParameterCount);
        Assert.Equal(metadata.NormalizationMean, read.NormalizationMean);
        Assert.Equal(metadata.NormalizationStd, read.NormalizationStd);
        Assert.Equal(metadata.TrainingData, read.TrainingData);
        Assert.Equal(0.66, read.Metrics!["test.valence.ccc"]);
        Assert.True(double.IsNaN(read.Metrics["test.arousal.corr"]));
        Assert.Equal(800, read.Metrics["test.count"]);
        Assert.Equal(metadata.EmotionTreeJson, read.EmotionTreeJson);
        Assert.Equal(metadata.CreatedUtc, read.CreatedUtc);
        Assert.Equal("seed 7", read.Description);
    }

    [Fact]
    public void Metadata_must_describe_the_network_being_saved()
    {
        using var network = AffectNetworkFactory.Create(Architecture.InvNet50, Design.OneByTwo, 64);
        var wrong = ModelMetadata.For(network) with { Design = Design.TwoByOne };
        Assert.Throws<ArgumentException>(() => ModelFile.Save(folder.File("x.cmodel"), network, wrong));
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    private string ValidFile()
    {
        using var network = AffectNetworkFactory.Create(Architecture.InvNet50, Design.OneByTwo, 64);
        string path = folder.File("valid.cmodel");
        ModelFile.Save(path, network, ModelMetadata.For(network));
        return path;
    }

    private static void AssertRejected(string path, string reason)
    {
        var e = Assert.Throws<InvalidDataException>(() => ModelFile.Load(path));
        Assert.Contains(Path.GetFullPath(path), e.Message);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void A_file_with_the_wrong_magic_number_is_not_a_model()
    {
        string path = folder.File("photo.jpg");
        File.WriteAllBytes(path, [.. "\xFF\xD8\xFF\xE0 this is a JPEG, honest"u8, .. new byte[200]]);
        AssertRejected(path, "not a Circumplex model file");
        Assert.Throws<InvalidDataException>(() => ModelFile.ReadMetadata(path));
    }

    [Fact]
    public void Empty_and_tiny_files_are_rejected()
    {
        string empty = folder.File("empty.cmodel");
        File.WriteAllBytes(empty, []);
        AssertRejected(empty, "truncated");
        string tiny = folder.File("tiny.cmodel");
        File.WriteAllBytes(tiny, [.. "CIRCMPLX"u8, 1, 0]);
        AssertRejected(tiny, "truncated");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.999)]
    [InlineData(0.001)]
    public void A_truncated_file_is_rejected(double keep)
    {
        string path = ValidFile();
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(int)(bytes.Length * keep)]);
        var e = Assert.Throws<InvalidDataException>(() => ModelFile.Load(path));
        Assert.Contains(Path.GetFullPath(path), e.Message);
    }

    [Fact]
    public void A_flipped_bit_in_the_weights_is_caught_by_the_checksum()
    {
        string path = ValidFile();
        byte[] bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(path, bytes);
        AssertRejected(path, "checksum");
    }

    [Fact]
    public void A_newer_format_version_is_named()
    {
        string path = ValidFile();
        byte[] bytes = File.ReadAllBytes(path);
        bytes[8] = 2;
        File.WriteAllBytes(path, bytes);
        AssertRejected(path, "version 2");
    }

    [Fact]
    public void Unreadable_metadata_is_reported_even_under_a_valid_checksum()
    {
        string path = ValidFile();
        TempFolder.RewriteMetadata(path, json => json[..^5]);
        AssertRejected(path, "metadata");
    }

    [Fact]
    public void Weights_that_do_not_fit_the_declared_architecture_are_rejected()
    {
        string path = ValidFile();
        TempFolder.RewriteMetadata(path, json => json.Replace("\"InvNet50\"", "\"AlexNet\""));
        AssertRejected(path, "weights");
    }

    [Fact]
    public void A_missing_file_is_reported_as_missing()
    {
        var e = Assert.Throws<FileNotFoundException>(() => ModelFile.Load(folder.File("absent.cmodel")));
        Assert.Contains("absent.cmodel", e.Message);
    }
}
