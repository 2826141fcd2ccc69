using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Circumplex.Models.Networks;

/// <summary>
/// An inference-time BatchNorm is a fixed per-channel affine map, so it can be multiplied into the weights and bias of
/// the convolution or linear layer whose output channels it normalises, and skipped.
/// </summary>
internal static class BatchNormFolding
{
    /// <summary>Replaces <paramref name="weight"/>/<paramref name="bias"/> ([out, …] / [out]) with the folded ones.</summary>
    public static (Parameter Weight, Parameter Bias) Fold(StableBatchNorm2d bn, Tensor weight, Tensor? bias)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var scale = bn.Weight / (bn.RunningVar + StableBatchNorm2d.Epsilon).sqrt();
        long[] perChannel = [.. Enumerable.Repeat(1L, (int)weight.dim())];
        perChannel[0] = -1;
        var folded = weight * scale.view(perChannel);
        var shift = ((bias is null ? zeros_like(bn.RunningMean) : bias) - bn.RunningMean) * scale + bn.Bias;
        return (new Parameter(folded.MoveToOuterDisposeScope(), requires_grad: false),
                new Parameter(shift.MoveToOuterDisposeScope(), requires_grad: false));
    }
}
