using TorchSharp;
using static TorchSharp.torch;

namespace Circumplex.Models.Tests;

/// <summary>Deterministic tensors from a private generator, so tests running in parallel never share RNG state.</summary>
internal static class TestInputs
{
    public static Tensor Normal(long seed, params long[] shape)
    {
        using var generator = new Generator((ulong)seed);
        return randn(shape, generator: generator);
    }

    /// <summary>Uniform in [-1, 1): plausible valence/arousal targets.</summary>
    public static Tensor Targets(long seed, long count)
    {
        using var generator = new Generator((ulong)seed);
        return rand([count, 2], generator: generator) * 2 - 1;
    }

    public static float MaxAbsDifference(Tensor a, Tensor b) => (a - b).abs().max().item<float>();
}
