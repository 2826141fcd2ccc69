using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace Circumplex.Models.Tests;

public class BatchNormFoldingTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    /// <summary>An eval-mode InvNet50 whose BatchNorms all do something (trained-like statistics, non-zero scales).</summary>
    private static AffectNetwork Network(Design design, int size)
    {
        var network = AffectNetworkFactory.Create(Architecture.InvNet50, design, size);
        using var generator = new Generator(21);
        using (no_grad())
            foreach (var bn in network.modules().OfType<BatchNorm2d>())
            {
                long c = bn.num_features;
                bn.running_mean!.copy_(randn(c, generator: generator) * 0.2);
                bn.running_var!.copy_(rand(c, generator: generator) + 0.5);
                bn.weight!.copy_(randn(c, generator: generator) * 0.5);
                bn.bias!.copy_(randn(c, generator: generator) * 0.1);
            }
        network.eval();
        return network;
    }

    [Theory]
    [InlineData(Design.OneByTwo, 64)]
    [InlineData(Design.OneByTwo, 112)]
    [InlineData(Design.TwoByOne, 64)]
    public void The_folded_inference_path_gives_the_reference_outputs(Design design, int size)
    {
        using var scope = NewDisposeScope();
        using var network = Network(design, size);
        var images = TestInputs.Normal(22, 3, 3, size, size);

        // Reference: autograd on, so involution runs through its training path, and every BatchNorm runs.
        var reference = network.forward(images.detach().clone().requires_grad_()).detach();
        network.FoldBatchNormForInference();
        Tensor fast;
        using (inference_mode()) fast = network.forward(images);

        float scale = Math.Max(1f, reference.abs().max().item<float>());
        Assert.True(reference.abs().sum().item<float>() > 0);
        Assert.True(TestInputs.MaxAbsDifference(fast, reference) < 1e-4f * scale,
            $"folded outputs differ by {TestInputs.MaxAbsDifference(fast, reference)} (outputs up to {scale})");
    }

    [Fact]
    public void Folding_removes_the_BatchNorms_from_the_computation()
    {
        using var scope = NewDisposeScope();
        using var network = Network(Design.OneByTwo, 64);
        network.FoldBatchNormForInference();
        var images = TestInputs.Normal(23, 1, 3, 64, 64);
        Tensor before;
        using (inference_mode()) before = network.forward(images);
        // A folded network no longer reads the blocks' BatchNorm statistics.
        using (no_grad())
            foreach (var (name, bn) in network.named_modules().Where(m => m.module is BatchNorm2d && m.name.Contains("block")))
                ((BatchNorm2d)bn).running_mean!.fill_(1e3);
        Tensor after;
        using (inference_mode()) after = network.forward(images);
        Assert.Equal(0f, TestInputs.MaxAbsDifference(before, after));
    }

    [Fact]
    public void A_folded_network_is_not_saved()
    {
        using var network = Network(Design.OneByTwo, 64);
        network.FoldBatchNormForInference();
        Assert.True(network.IsFoldedForInference);
        Assert.Throws<ArgumentException>(() => ModelFile.Save(folder.File("folded.cmodel"), network, ModelMetadata.For(network)));
    }
}
