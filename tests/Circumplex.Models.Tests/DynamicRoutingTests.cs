using Circumplex.Models.Networks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Circumplex.Models.Tests;

public class DynamicRoutingTests
{
    [Fact]
    public void Squash_keeps_the_direction_and_maps_the_length_to_n2_over_1_plus_n2()
    {
        using var scope = NewDisposeScope();
        var s = TestInputs.Normal(20, 6, 5) * tensor(new float[] { 0.01f, 0.3f, 1f, 3f, 30f, 300f }).view(6, 1);
        var v = DynamicRouting.Squash(s);
        var n = s.norm(-1);
        var expectedLength = n.square() / (1 + n.square());
        Assert.True(TestInputs.MaxAbsDifference(v.norm(-1), expectedLength) < 1e-5f);
        var cosine = (v * s).sum(-1) / (v.norm(-1) * n);
        Assert.True(TestInputs.MaxAbsDifference(cosine, ones(6)) < 1e-5f);
        Assert.All(v.norm(-1).data<float>().ToArray(), length => Assert.InRange(length, 0f, 1f));
    }

    [Fact]
    public void Squash_of_zero_is_zero_with_a_finite_gradient()
    {
        using var scope = NewDisposeScope();
        var s = zeros([2, 4], requires_grad: true);
        var v = DynamicRouting.Squash(s);
        Assert.Equal(0f, v.abs().sum().item<float>());
        v.sum().backward();
        Assert.True(s.grad!.isfinite().all().item<bool>());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Coupling_coefficients_sum_to_one_over_output_capsules(bool materialize)
    {
        using var scope = NewDisposeScope();
        using var routing = new DynamicRouting(8, 32, 30, 16, 3);
        var (output, coupling) = routing.Route(TestInputs.Normal(21, 5, 8, 32), materialize);
        Assert.Equal([5L, 30L, 16L], output.shape);
        Assert.Equal([5L, 8L, 30L], coupling.shape);
        Assert.True(TestInputs.MaxAbsDifference(coupling.sum(-1), ones(5, 8)) < 1e-5f);
        Assert.True(coupling.min().item<float>() >= 0);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Both_evaluations_equal_the_textbook_algorithm(int iterations)
    {
        using var scope = NewDisposeScope();
        using var routing = new DynamicRouting(4, 6, 5, 7, iterations);
        var u = TestInputs.Normal(22, 3, 4, 6);
        var (expectedV, expectedC) = Textbook(u, routing.TransformMatrices(), iterations);
        foreach (bool materialize in new[] { true, false })
        {
            var (v, c) = routing.Route(u, materialize);
            Assert.True(TestInputs.MaxAbsDifference(v, expectedV) < 1e-5f, $"materialize={materialize}: outputs differ");
            Assert.True(TestInputs.MaxAbsDifference(c, expectedC) < 1e-5f, $"materialize={materialize}: couplings differ");
        }
    }

    /// <summary>Sabour et al.'s Procedure 1, capsule by capsule, with û formed explicitly.</summary>
    private static (Tensor V, Tensor C) Textbook(Tensor u, Tensor w, int iterations)
    {
        long m = u.shape[0], inCaps = w.shape[0], outCaps = w.shape[1];
        var uhat = zeros(m, inCaps, outCaps, w.shape[3]);
        for (long b = 0; b < m; b++)
            for (long i = 0; i < inCaps; i++)
                for (long j = 0; j < outCaps; j++)
                    uhat[b, i, j] = matmul(u[b, i], w[i, j]);                  // û_{j|i} = W_ij u_i
        var logits = zeros(m, inCaps, outCaps);
        Tensor c = null!, v = null!;
        for (int r = 0; r < iterations; r++)
        {
            c = logits.softmax(2);
            var s = (c.unsqueeze(-1) * uhat).sum(dim: 1);                  // Σ_i c_ij û_{j|i}
            var n2 = s.square().sum(-1, keepdim: true);
            v = n2 / (1 + n2) * s / n2.sqrt();
            logits = logits + (uhat * v.unsqueeze(1)).sum(-1);             // b_ij += û_{j|i}·v_j
        }
        return (v, c);
    }

    [Fact]
    public void Gradients_reach_the_transforms_through_every_iteration()
    {
        using var scope = NewDisposeScope();
        using var routing = new DynamicRouting(8, 32, 30, 16, 3);
        foreach (bool materialize in new[] { true, false })
        {
            routing.zero_grad();
            routing.Route(TestInputs.Normal(23, 4, 8, 32), materialize).Output.sum().backward();
            var grad = routing.parameters().Single().grad!;
            Assert.True(grad.abs().sum().item<float>() > 0);
            Assert.True(grad.isfinite().all().item<bool>());
        }
    }

    [Fact]
    public void The_capsule_feed_forward_maps_tokens_to_tokens()
    {
        using var scope = NewDisposeScope();
        using var ff = new CapsuleFeedForward(64, 8, 5, 16);
        Assert.Equal([2L, 7L, 64L], ff.forward(TestInputs.Normal(24, 2, 7, 64)).shape);
    }
}
