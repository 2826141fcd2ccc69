using Circumplex.Models.Networks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Circumplex.Models.Tests;

public class InvolutionTests
{
    [Theory]
    [InlineData(3, 16, 6, 5)]
    [InlineData(7, 32, 9, 9)]
    [InlineData(7, 16, 4, 4)] // the kernel is wider than the map, as in InvNet50's last stage at 64 px
    public void A_constant_kernel_is_a_box_filter(int k, int channels, int h, int w)
    {
        using var scope = NewDisposeScope();
        int groups = channels / Involution.GroupChannels;
        var x = TestInputs.Normal(10, 2, channels, h, w);
        var kernel = full([2, groups * k * k, h, w], 1.0f / (k * k));
        var box = nn.functional.avg_pool2d(x, k, stride: 1, padding: k / 2, count_include_pad: true);
        Assert.True(TestInputs.MaxAbsDifference(Involution.Aggregate(x, kernel, k, groups), box) < 1e-5f);
    }

    [Theory]
    [InlineData(3, 2, 32, 5, 6)]
    [InlineData(7, 1, 48, 8, 7)]
    [InlineData(7, 1, 32, 2, 2)] // InvNet50's last stage at 64 px: 40 of the 49 offsets read only padding
    [InlineData(7, 2, 16, 1, 3)]
    public void The_shifted_sum_equals_the_unfold_formulation(int k, int n, int channels, int h, int w)
    {
        using var scope = NewDisposeScope();
        int groups = channels / Involution.GroupChannels;
        var x = TestInputs.Normal(11, n, channels, h, w);
        var kernel = TestInputs.Normal(12, n, groups * k * k, h, w);
        var patches = nn.functional.unfold(x, k, padding: k / 2).view(n, groups, Involution.GroupChannels, k * k, h, w);
        var reference = (patches * kernel.view(n, groups, 1, k * k, h, w)).sum(3).view(n, channels, h, w);
        Assert.True(TestInputs.MaxAbsDifference(Involution.Aggregate(x, kernel, k, groups), reference) < 1e-4f);
    }

    [Theory]
    [InlineData(3, 2, 32, 5, 6)]
    [InlineData(7, 1, 16, 4, 4)]
    [InlineData(7, 2, 32, 2, 3)]
    public void The_hand_written_gradients_equal_autograd_through_unfold(int k, int n, int channels, int h, int w)
    {
        using var scope = NewDisposeScope();
        int groups = channels / Involution.GroupChannels;
        var x1 = TestInputs.Normal(14, n, channels, h, w).requires_grad_();
        var k1 = TestInputs.Normal(15, n, groups * k * k, h, w).requires_grad_();
        var x2 = x1.detach().clone().requires_grad_();
        var k2 = k1.detach().clone().requires_grad_();
        var upstream = TestInputs.Normal(16, n, channels, h, w);

        (Involution.Aggregate(x1, k1, k, groups) * upstream).sum().backward();
        var patches = nn.functional.unfold(x2, k, padding: k / 2).view(n, groups, Involution.GroupChannels, k * k, h, w);
        var reference = (patches * k2.view(n, groups, 1, k * k, h, w)).sum(3).view(n, channels, h, w);
        (reference * upstream).sum().backward();

        Assert.True(TestInputs.MaxAbsDifference(x1.grad!, x2.grad!) < 1e-4f, "gradients for x differ");
        Assert.True(TestInputs.MaxAbsDifference(k1.grad!, k2.grad!) < 1e-4f, "gradients for the kernel differ");
    }

    [Fact]
    public void A_hand_computed_case_weights_the_right_neighbours()
    {
        using var scope = NewDisposeScope();
        var x = arange(1, 10, dtype: ScalarType.Float32).view(1, 1, 3, 3);   // 1 2 3 / 4 5 6 / 7 8 9
        // Offset (dy, dx) = (0, 0) reads the up-left neighbour; (1, 1) is the pixel itself.
        var kernel = zeros(1, 9, 3, 3);
        kernel[0, 0] = ones(3, 3);          // weight 1 on the up-left neighbour
        kernel[0, 4] = full(3, 3, 10f);     // weight 10 on the pixel itself
        var expected = tensor(new float[] { 10, 20, 30, 40, 51, 62, 70, 84, 95 }).view(1, 1, 3, 3);
        Assert.Equal(0f, TestInputs.MaxAbsDifference(Involution.Aggregate(x, kernel, 3, 1), expected));
    }

    [Fact]
    public void Each_pixel_gets_its_own_kernel()
    {
        using var scope = NewDisposeScope();
        var x = ones(1, 16, 4, 4);
        var kernel = zeros(1, 9, 4, 4);
        kernel[0, 4, 2, 1] = tensor(3f);   // only pixel (2, 1) keeps itself, tripled
        var y = Involution.Aggregate(x, kernel, 3, 1);
        Assert.Equal(3f * 16, y.sum().item<float>());
        Assert.Equal(3f, y[0, 5, 2, 1].item<float>());
    }

    [Fact]
    public void The_module_keeps_the_shape_and_passes_gradients_to_its_kernel_generator()
    {
        using var scope = NewDisposeScope();
        using var involution = new Involution(32, 7);
        var x = TestInputs.Normal(13, 2, 32, 9, 9);
        var y = involution.forward(x);
        Assert.Equal(x.shape, y.shape);
        y.square().sum().backward();
        foreach (var (name, p) in involution.named_parameters())
            Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0, $"no gradient reached {name}");
    }

    [Fact]
    public void Channels_must_form_groups_of_sixteen()
        => Assert.Throws<ArgumentException>(() => new Involution(24, 7));
}
