using Xunit;
using static TorchSharp.torch;

namespace Circumplex.Models.Tests;

/// <summary>
/// Arithmetic whose numbers libtorch can still read when a collection runs on another thread, and the readings of
/// the product and of training built on it, under collections and finalisers running all the time.
/// </summary>
[Collection(ConstantCollections.Name)]
public class SafeArithmeticTests
{
    [Fact]
    public void Each_operation_computes_what_the_operator_does()
    {
        using var a = TestInputs.Normal(1, 3, 4);
        using var b = TestInputs.Normal(2, 3, 4);
        using var c = TestInputs.Normal(3, 3, 4);
        Assert.Equal(0f, TestInputs.MaxAbsDifference(a.Plus(b), a + b));
        Assert.Equal(0f, TestInputs.MaxAbsDifference(a.Plus(0.25), a + 0.25));
        Assert.Equal(0f, TestInputs.MaxAbsDifference(a.Times(0.75), a * 0.75f));
        Assert.Equal(0f, TestInputs.MaxAbsDifference(a.Over(2), a / 2));
        using var sum = a.clone();
        sum.AddProduct_(b, c);
        using var expected = a.clone();
        using TorchSharp.Scalar one = 1;
        expected.addcmul_(b, c, one);
        Assert.Equal(0f, TestInputs.MaxAbsDifference(sum, expected));
    }

    [Fact]
    // With `a + b` (TorchSharp's implicit alpha) in place of Plus this fails within a second: "Exception raised from
    // toFloat at c10/core/Scalar.h" in add, the abort a DRViT training run met.
    public async Task Sums_survive_collections_and_finalisers_running_all_the_time()
    {
        await ConstantCollections.During(100_000, i =>
        {
            using var scope = NewDisposeScope();
            var a = TestInputs.Normal(i, 2, 3);
            a.Plus(a).Plus(0.5).Times(0.5).Over(2).AddProduct_(a, a);
        });
    }

    [Theory]
    [InlineData(Architecture.ResNet18)]
    [InlineData(Architecture.DRViT)]
    [InlineData(Architecture.InvNet50)]
    // The product's reading (flip, logit offsets, class centres) and the networks' residual sums: with the operators
    // they used before, ResNet18's reading failed here the same way.
    public async Task A_models_reading_survives_collections_and_finalisers_running_all_the_time(Architecture architecture)
    {
        manual_seed(1);
        using var network = AffectNetworkFactory.Create(architecture, Design.OneByTwo, 64, extraOutputs: Affect.Expressions.Count);
        network.eval();
        var meta = ModelMetadata.For(network) with
        {
            TestTimeFlip = true,
            HeadLogitOffsets = [.. Enumerable.Range(0, 8).Select(i => 0.1f * i)],
            HeadCentres = [.. Enumerable.Range(0, 16).Select(i => (i % 5 - 2) / 4f)],
            HeadCentreWeight = 0.25,
        };
        using var x = TestInputs.Normal(7, 1, 3, 64, 64);
        // Grad mode is per thread: set and reset inside each synchronous step, never across an await.
        Tensor Read()
        {
            using var _ = no_grad();
            return ModelForward.Run(network, x, meta);
        }
        using var first = Read();
        await ConstantCollections.During(architecture == Architecture.ResNet18 ? 600 : 60, i =>
        {
            using var output = Read();
            // Not bit for bit: another test class may switch oneDNN's convolutions on or off meanwhile.
            Assert.True(TestInputs.MaxAbsDifference(output, first) < 1e-4, $"reading {i} differs from the first");
        });
    }
}
