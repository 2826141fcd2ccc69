using Circumplex.Models.Networks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Circumplex.Models.Tests;

/// <summary>Our BatchNorm computes and stores exactly what TorchSharp's does, without its finalisable Scalar.</summary>
[Collection(ConstantCollections.Name)]
public class StableBatchNorm2dTests
{
    [Fact]
    public void Training_and_eval_outputs_statistics_and_state_dict_names_equal_torchsharps_batchnorm()
    {
        using var scope = NewDisposeScope();
        using var ours = new StableBatchNorm2d(6);
        using var theirs = nn.BatchNorm2d(6);
        using (no_grad())
        {
            ours.Weight.copy_(TestInputs.Normal(1, 6));
            ours.Bias.copy_(TestInputs.Normal(2, 6));
            theirs.weight.copy_(ours.Weight);
            theirs.bias!.copy_(ours.Bias);
        }
        Assert.Equal(theirs.state_dict().Select(kv => (kv.Key, kv.Value.dtype, string.Join(",", kv.Value.shape))).OrderBy(x => x.Key),
            ours.state_dict().Select(kv => (kv.Key, kv.Value.dtype, string.Join(",", kv.Value.shape))).OrderBy(x => x.Key));
        ours.train();
        theirs.train();
        for (int step = 0; step < 3; step++)
        {
            var x = TestInputs.Normal(10 + step, 4, 6, 5, 5) * (step + 1);
            Assert.Equal(0f, TestInputs.MaxAbsDifference(ours.forward(x), theirs.forward(x)));
        }
        foreach (var (name, tensor) in theirs.state_dict())
            Assert.True(tensor.equal(ours.state_dict()[name]).all().item<bool>(), $"{name} differs after training steps");
        Assert.Equal(3L, ours.state_dict()["num_batches_tracked"].item<long>());
        ours.eval();
        theirs.eval();
        var y = TestInputs.Normal(20, 2, 6, 5, 5);
        Assert.Equal(0f, TestInputs.MaxAbsDifference(ours.forward(y), theirs.forward(y)));
        Assert.Throws<ArgumentException>(() => ours.forward(zeros(6, 5)));
    }

    [Fact]
    // With TorchSharp's own BatchNorm2d in its place this fails within these steps: "Exception raised from toLong at
    // c10/core/Scalar.h" in THSTensor_add_scalar_, the abort that training runs met.
    public async Task Training_steps_survive_collections_and_finalisers_running_all_the_time()
    {
        using var bn = new StableBatchNorm2d(3);
        bn.train();
        await ConstantCollections.During(20000, i =>
        {
            using var scope = NewDisposeScope();
            bn.forward(TestInputs.Normal(i, 2, 3, 2, 2));
        });
        Assert.Equal(20000L, bn.state_dict()["num_batches_tracked"].item<long>());
    }
}
