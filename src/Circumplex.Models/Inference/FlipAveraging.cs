using TorchSharp;
using static TorchSharp.torch;

namespace Circumplex.Models;

/// <summary>
/// Test-time flip: a face and its mirror image show the same expression, so averaging the network's outputs on both
/// (valence, arousal and the expression logits) cancels some of the noise of one reading, at twice the compute.
/// Both halves go through the network as one batch.
/// </summary>
public static class FlipAveraging
{
    /// <param name="network">Any network taking N×3×H×W.</param>
    /// <param name="x">The normalised batch.</param>
    /// <param name="flip">False: a plain forward pass.</param>
    public static Tensor Forward(nn.Module<Tensor, Tensor> network, Tensor x, bool flip)
    {
        if (!flip) return network.forward(x);
        using var scope = NewDisposeScope();
        long n = x.shape[0];
        var both = network.forward(cat([x, x.flip(3)], 0));
        return both.narrow(0, 0, n).Plus(both.narrow(0, n, n)).Over(2).MoveToOuterDisposeScope();
    }
}
