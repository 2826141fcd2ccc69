using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Circumplex.Models.Tests;

public class WeightAveragingTests
{
    /// <summary>A network whose weights and BatchNorm statistics differ from every other seed's.</summary>
    private static AffectNetwork Distinct(long seed, Architecture architecture = Architecture.InvNet50, int size = 64)
    {
        random.manual_seed(seed);
        var network = AffectNetworkFactory.Create(architecture, Design.OneByTwo, size);
        network.train();
        using (no_grad())
        using (NewDisposeScope())
            network.forward(TestInputs.Normal(seed, 8, 3, size, size));
        network.eval();
        return network;
    }

    [Fact]
    public void Every_weight_and_statistic_becomes_the_mean_and_counters_keep_the_first()
    {
        using var scope = NewDisposeScope();
        using var a = Distinct(1);
        using var b = Distinct(2);
        using var c = Distinct(3);
        var expected = a.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.is_floating_point()
            ? ((kv.Value.to(ScalarType.Float64) + b.state_dict()[kv.Key].to(ScalarType.Float64) + c.state_dict()[kv.Key].to(ScalarType.Float64)) / 3).to(kv.Value.dtype)
            : kv.Value.clone());
        using (no_grad()) b.state_dict().Where(kv => kv.Key.EndsWith("num_batches_tracked")).ToList().ForEach(kv => kv.Value.fill_(99));
        using var target = Distinct(4);
        WeightAveraging.AverageInto(target, [a, b, c]);
        int floats = 0;
        foreach (var (name, tensor) in target.state_dict())
        {
            if (!tensor.equal(expected[name]).all().item<bool>())
                Assert.Fail($"{name} is not the mean (off by {TestInputs.MaxAbsDifference(tensor.to(ScalarType.Float32), expected[name].to(ScalarType.Float32))})");
            if (tensor.is_floating_point()) floats++;
        }
        Assert.True(floats > 100, $"{floats} floating-point tensors");
        Assert.Contains(target.state_dict(), kv => kv.Key.EndsWith("running_var"));
    }

    [Fact]
    public void The_average_of_one_network_with_itself_computes_what_it_computed()
    {
        using var scope = NewDisposeScope();
        using var a = Distinct(5);
        var x = TestInputs.Normal(6, 2, 3, 64, 64);
        Tensor before;
        using (no_grad()) before = a.forward(x).clone();
        WeightAveraging.AverageInto(a, [a, a]);
        using (no_grad()) Assert.True(a.forward(x).allclose(before, rtol: 1e-6, atol: 1e-6));
    }

    [Fact]
    public void Networks_of_another_shape_or_none_at_all_are_refused()
    {
        using var scope = NewDisposeScope();
        using var a = Distinct(7);
        using var other = Distinct(8, size: 96);
        var e = Assert.Throws<ArgumentException>(() => WeightAveraging.AverageInto(a, [a, other]));
        Assert.Contains("96 px", e.Message);
        Assert.Throws<ArgumentException>(() => WeightAveraging.AverageInto(a, []));
    }
}
