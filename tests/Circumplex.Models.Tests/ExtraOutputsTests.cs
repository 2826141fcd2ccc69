using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Circumplex.Models.Tests;

/// <summary>An auxiliary head (e.g. 8 expression logits) rides after valence and arousal in the 1×2 design only.</summary>
public class ExtraOutputsTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Extra_outputs_follow_valence_and_arousal()
    {
        using var scope = NewDisposeScope();
        using var network = AffectNetworkFactory.Create(Architecture.InvNet50, Design.OneByTwo, 64, extraOutputs: 8);
        network.eval();
        using var _ = no_grad();
        Assert.Equal([2L, 10L], network.forward(TestInputs.Normal(60, 2, 3, 64, 64)).shape);
        Assert.Equal(8, network.ExtraOutputs);
    }

    [Fact]
    public void The_two_by_one_design_has_no_room_for_extra_outputs()
        => Assert.Throws<ArgumentException>(() => AffectNetworkFactory.Create(Architecture.InvNet50, Design.TwoByOne, 64, extraOutputs: 8));

    [Fact]
    public void A_model_file_rebuilds_the_extra_head_and_the_predictor_reads_the_first_two_columns()
    {
        using var scope = NewDisposeScope();
        using var network = AffectNetworkFactory.Create(Architecture.DRViT, Design.OneByTwo, 64, extraOutputs: 8);
        network.eval();
        string path = folder.File("extra.cmodel");
        ModelFile.Save(path, network, ModelMetadata.For(network));
        Assert.Equal(8, ModelFile.ReadMetadata(path).ExtraOutputs);

        var x = TestInputs.Normal(61, 1, 3, 64, 64);
        Tensor expected;
        using (no_grad()) expected = network.forward(x).clamp(-1, 1);
        using var predictor = AffectPredictor.Load(path);
        var point = predictor.Predict(x.data<float>().ToArray());
        // Weights went through float16, so agreement is close rather than exact.
        Assert.InRange(Math.Abs(expected[0, 0].item<float>() - point.Valence), 0, 0.01);
        Assert.InRange(Math.Abs(expected[0, 1].item<float>() - point.Arousal), 0, 0.01);
    }

    [Fact]
    public void Metadata_that_disagrees_about_extra_outputs_is_refused_on_save()
    {
        using var network = AffectNetworkFactory.Create(Architecture.InvNet50, Design.OneByTwo, 64, extraOutputs: 8);
        Assert.Throws<ArgumentException>(() =>
            ModelFile.Save(folder.File("x.cmodel"), network, ModelMetadata.For(network) with { ExtraOutputs = 0 }));
    }
}
