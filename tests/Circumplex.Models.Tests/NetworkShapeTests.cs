using Circumplex.Models.Networks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Circumplex.Models.Tests;

public class NetworkShapeTests
{
    public static TheoryData<Architecture, Design> AllModels()
    {
        var data = new TheoryData<Architecture, Design>();
        foreach (var a in Enum.GetValues<Architecture>())
            foreach (var d in Enum.GetValues<Design>())
                data.Add(a, d);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllModels))]
    public void Maps_a_batch_of_images_to_valence_and_arousal(Architecture architecture, Design design)
    {
        using var scope = NewDisposeScope();
        using var network = AffectNetworkFactory.Create(architecture, design, 64);
        network.eval();
        using var _ = no_grad();
        var output = network.forward(TestInputs.Normal(1, 2, 3, 64, 64));
        Assert.Equal([2L, 2L], output.shape);
        Assert.True(output.isfinite().all().item<bool>());
        Assert.Equal(architecture, network.Architecture);
        Assert.Equal(design, network.Design);
        Assert.Equal(design == Design.OneByTwo ? 1 : 2, network.Networks.Count);
    }

    [Fact]
    public void Two_by_one_concatenates_the_valence_network_then_the_arousal_network()
    {
        using var scope = NewDisposeScope();
        using var network = AffectNetworkFactory.Create(Architecture.InvNet50, Design.TwoByOne, 64);
        network.eval();
        using var _ = no_grad();
        var x = TestInputs.Normal(2, 2, 3, 64, 64);
        var both = network.forward(x);
        Assert.Equal(0f, TestInputs.MaxAbsDifference(both.narrow(1, 0, 1), network.Networks[0].forward(x)));
        Assert.Equal(0f, TestInputs.MaxAbsDifference(both.narrow(1, 1, 1), network.Networks[1].forward(x)));
    }

    [Theory]
    [InlineData(Architecture.AlexNet, 97)]
    [InlineData(Architecture.ResNet50, 65)]
    [InlineData(Architecture.InvNet50, 65)]
    [InlineData(Architecture.InvNet50, 112)]
    public void Convolutional_nets_take_any_size_from_64_px(Architecture architecture, int size)
    {
        using var scope = NewDisposeScope();
        using var network = AffectNetworkFactory.Create(architecture, Design.OneByTwo, size);
        network.eval();
        using var _ = no_grad();
        Assert.Equal([1L, 2L], network.forward(TestInputs.Normal(3, 1, 3, size, size)).shape);
    }

    [Theory]
    [InlineData(Architecture.ViT, 100)]
    [InlineData(Architecture.DRViT, 120)]
    [InlineData(Architecture.DRViT, 0)]
    [InlineData(Architecture.InvNet50, 48)]
    public void Unusable_input_sizes_are_refused_with_the_reason(Architecture architecture, int size)
    {
        var e = Assert.Throws<ArgumentException>(() => AffectNetworkFactory.Create(architecture, Design.OneByTwo, size));
        Assert.Contains(size.ToString(), e.Message);
    }

    [Fact]
    public void A_transformer_sizes_its_position_embeddings_from_the_input_size_and_refuses_other_sizes()
    {
        using var scope = NewDisposeScope();
        using var network = AffectNetworkFactory.Create(Architecture.DRViT, Design.OneByTwo, 96);
        var positions = network.named_parameters().Single(p => p.name.EndsWith("pos_embedding")).parameter;
        Assert.Equal([1L, 6 * 6 + 1, DRViT.Width], positions.shape);
        var e = Assert.Throws<ArgumentException>(() => network.forward(TestInputs.Normal(4, 1, 3, 64, 64)));
        Assert.Contains("96", e.Message);
    }

    [Fact]
    public void Inputs_that_are_not_rgb_batches_are_refused()
    {
        using var scope = NewDisposeScope();
        using var network = AffectNetworkFactory.Create(Architecture.InvNet50, Design.OneByTwo, 64);
        Assert.Throws<ArgumentException>(() => network.forward(TestInputs.Normal(5, 1, 1, 64, 64)));
        Assert.Throws<ArgumentException>(() => network.forward(TestInputs.Normal(5, 3, 64, 64)));
    }
}
