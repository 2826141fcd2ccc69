using Xunit;
using static TorchSharp.torch;

namespace Circumplex.Models.Tests;

/// <summary>The head's logit offsets and class centres (<see cref="ModelMetadata.HeadLogitOffsets"/>,
/// <see cref="ModelMetadata.HeadCentres"/>) in the forward pass and the file.</summary>
public class HeadLogitOffsetsTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private static readonly float[] Offsets = [1, -2, 0.5f, 0, 3, -1, 0.25f, -1.75f];

    [Fact]
    public void The_offsets_shift_the_head_logits_and_leave_valence_and_arousal_alone()
    {
        using var network = AffectNetworkFactory.Create(Architecture.InvNet50, Design.OneByTwo, 64, extraOutputs: 8);
        network.eval();
        using var _ = inference_mode();
        using var scope = NewDisposeScope();
        var x = TestInputs.Normal(9, 2, 3, 64, 64);
        var meta = ModelMetadata.For(network) with { TestTimeFlip = true };
        var plain = ModelForward.Run(network, x, meta);
        var shifted = ModelForward.Run(network, x, meta with { HeadLogitOffsets = Offsets });
        Assert.Equal(0f, TestInputs.MaxAbsDifference(shifted.narrow(1, 0, 2), plain.narrow(1, 0, 2)));
        Assert.True(TestInputs.MaxAbsDifference(shifted.narrow(1, 2, 8), plain.narrow(1, 2, 8) + tensor(Offsets)) < 1e-6f);
    }

    [Fact]
    public void They_are_kept_in_the_file_and_must_fit_the_head()
    {
        using var network = AffectNetworkFactory.Create(Architecture.InvNet50, Design.OneByTwo, 64, extraOutputs: 8);
        string path = folder.File("m.cmodel");
        ModelFile.Save(path, network, ModelMetadata.For(network) with { HeadLogitOffsets = Offsets });
        Assert.Equal(Offsets, ModelFile.ReadMetadata(path).HeadLogitOffsets);
        Assert.Throws<ArgumentException>(() => (ModelMetadata.For(network) with { HeadLogitOffsets = [1, 2] }).Validate());
        Assert.Throws<ArgumentException>(() => (ModelMetadata.For(network) with { HeadLogitOffsets = [.. Offsets[..7], float.NaN] }).Validate());
    }

    private static readonly float[] Centres = [0, 0, 0.8f, 0.2f, -0.6f, -0.3f, 0.3f, 0.7f, -0.5f, 0.6f, -0.6f, 0.4f, -0.5f, 0.5f, -0.4f, 0.1f];

    [Fact]
    public void Valence_and_arousal_move_the_chosen_weight_towards_the_heads_expected_position()
    {
        using var network = AffectNetworkFactory.Create(Architecture.InvNet50, Design.OneByTwo, 64, extraOutputs: 8);
        network.eval();
        using var _ = inference_mode();
        using var scope = NewDisposeScope();
        var x = TestInputs.Normal(10, 3, 3, 64, 64);
        var meta = ModelMetadata.For(network) with { HeadLogitOffsets = Offsets, HeadCentres = Centres };
        var plain = ModelForward.Run(network, x, meta);
        var leaning = ModelForward.Run(network, x, meta with { HeadCentreWeight = 0.25 });
        var expected = plain.narrow(1, 2, 8).softmax(1).matmul(tensor(Centres).reshape(8, 2));
        Assert.True(TestInputs.MaxAbsDifference(leaning.narrow(1, 0, 2), plain.narrow(1, 0, 2) * 0.75f + expected * 0.25f) < 1e-6f);
        Assert.Equal(0f, TestInputs.MaxAbsDifference(leaning.narrow(1, 2, 8), plain.narrow(1, 2, 8)));
        Assert.Throws<ArgumentException>(() => (meta with { HeadCentres = null, HeadCentreWeight = 0.5 }).Validate());
        Assert.Throws<ArgumentException>(() => (meta with { HeadCentres = [.. Centres[..15], 2f] }).Validate());
    }
}
