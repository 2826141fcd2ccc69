using static TorchSharp.torch;

namespace Circumplex.Models;

/// <summary>
/// A "model soup" (Wortsman et al., 2022, "Model soups: averaging weights of multiple fine-tuned models improves
/// accuracy without increasing inference time"): the element-wise mean of the weights and BatchNorm statistics of
/// networks fine-tuned from one pretrained start. Such networks tend to lie in one basin of the loss, so their mean
/// is a working network that is often better than each of them, at the inference cost of one. Networks trained from
/// different starts do not: their mean is noise, which only a validation score can tell, so scoring it is the
/// caller's part.
/// </summary>
public static class WeightAveraging
{
    /// <summary>
    /// Overwrites <paramref name="target"/>'s parameters and buffers with the mean of <paramref name="networks"/>'
    /// (all of one architecture, design, input size and extra outputs). Counters such as BatchNorm's
    /// <c>num_batches_tracked</c> are integers and not averaged: they keep the first network's value.
    /// </summary>
    public static void AverageInto(AffectNetwork target, IReadOnlyList<AffectNetwork> networks)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(networks);
        if (networks.Count == 0) throw new ArgumentException("nothing to average", nameof(networks));
        foreach (var n in networks.Prepend(target))
            if (n.Architecture != target.Architecture || n.Design != target.Design || n.InputSize != target.InputSize || n.ExtraOutputs != target.ExtraOutputs)
                throw new ArgumentException(
                    $"only networks of one shape can be averaged: {Describe(target)} and {Describe(n)}", nameof(networks));
        var states = networks.Select(n => n.state_dict()).ToArray();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        foreach (var (name, tensor) in target.state_dict())
        {
            var parts = states.Select(s => s[name]).ToArray();
            if (!tensor.is_floating_point())
            {
                tensor.copy_(parts[0]);
                continue;
            }
            // Summed in float64: a float32 sum of many networks' half-precision weights would round twice.
            var sum = zeros(tensor.shape, ScalarType.Float64);
            foreach (var part in parts) sum.add_(part.detach().cpu().to(ScalarType.Float64));
            tensor.copy_(sum.div_(parts.Length).to(tensor.dtype));
        }
    }

    private static string Describe(AffectNetwork n) => $"{n.Architecture} {n.Design} at {n.InputSize} px (+{n.ExtraOutputs} outputs)";
}
