using TorchSharp;
using static TorchSharp.torch;

namespace Circumplex.Models;

/// <summary>
/// Tensor arithmetic whose numbers stay alive while libtorch reads them. TorchSharp 0.107 turns a number into a
/// <see cref="Scalar"/> implicitly — <c>a + b</c> is <c>a.add(b, 1)</c> — and the Scalar becomes unreachable once its
/// handle has been read, so a collection on another thread can finalise it mid-call: "Exception raised from toFloat at
/// c10/core/Scalar.h", the abort DRViT's training met in <c>PatchEmbedding</c>; a plain <c>a + b</c> fails within a
/// second under constant collections. Here the 1 is a static field, and other numbers are disposed only after the call.
/// </summary>
public static class SafeArithmetic
{
    private static readonly Scalar One = 1L;

    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, One);

    public static Tensor Plus(this Tensor a, double value)
    {
        using Scalar s = value;
        return a.add(s, One);
    }

    public static Tensor Times(this Tensor a, double factor)
    {
        using Scalar s = factor;
        return a.mul(s);
    }

    public static Tensor Over(this Tensor a, double divisor)
    {
        using Scalar s = divisor;
        return a.div(s);
    }

    public static Tensor AtLeast(this Tensor a, double minimum)
    {
        using Scalar s = minimum;
        return a.clamp_min(s);
    }

    /// <summary>a ⊙ a (<c>square()</c> is <c>pow(2)</c>, with an implicit Scalar).</summary>
    public static Tensor Squared(this Tensor a) => a * a;

    /// <summary>In place: a += b ⊙ c.</summary>
    public static Tensor AddProduct_(this Tensor a, Tensor b, Tensor c) => a.addcmul_(b, c, One);
}
