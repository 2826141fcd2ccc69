using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Circumplex.Models.Networks;

/// <summary>
/// Involution (Li et al. 2021): a K×K kernel generated from each pixel's own features and shared by the
/// 16 channels of a group. Kernel generator as in RedNet and the authors' InvNeXt code:
/// 1×1 conv (C → C/4) → BatchNorm → ReLU → 1×1 conv (C/4 → K²·groups).
/// </summary>
public sealed class Involution : nn.Module<Tensor, Tensor>
{
    public const int GroupChannels = 16;
    private const int Reduction = 4;

    private readonly Conv2d reduce;
    private readonly StableBatchNorm2d bn;
    private readonly ReLU relu;
    private readonly Conv2d span;

    public int Channels { get; }
    public int KernelSize { get; }
    public int Groups { get; }

    public Involution(int channels, int kernelSize = 7, Device? device = null) : base(nameof(Involution))
    {
        if (channels % GroupChannels != 0)
            throw new ArgumentException($"involution needs a multiple of {GroupChannels} channels, got {channels}", nameof(channels));
        if (kernelSize < 1 || kernelSize % 2 == 0)
            throw new ArgumentException($"involution kernel size must be odd and positive, got {kernelSize}", nameof(kernelSize));
        Channels = channels;
        KernelSize = kernelSize;
        Groups = channels / GroupChannels;
        reduce = nn.Conv2d(channels, channels / Reduction, 1, device: device);
        bn = new StableBatchNorm2d(channels / Reduction, device);
        relu = nn.ReLU();
        span = nn.Conv2d(channels / Reduction, kernelSize * kernelSize * Groups, 1, device: device);
        RegisterComponents();
    }

    /// <summary>Set by <see cref="FoldBatchNorm"/>: the generator's BatchNorm lives in the reduce convolution.</summary>
    internal bool BatchNormFolded { get; private set; }

    /// <summary>Moves the kernel generator's BatchNorm (eval statistics) into its reduce convolution; inference only.</summary>
    internal void FoldBatchNorm()
    {
        if (BatchNormFolded) return;
        (reduce.weight, reduce.bias) = BatchNormFolding.Fold(bn, reduce.weight!, reduce.bias);
        BatchNormFolded = true;
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var reduced = reduce.forward(x);
        var kernel = span.forward(relu.forward(BatchNormFolded ? reduced : bn.forward(reduced)));
        return Aggregate(x, kernel, KernelSize, Groups).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// out[b, g·S+c, y, x] = Σ_{dy,dx} kernel[b, g·K²+dy·K+dx, y, x] · x[b, g·S+c, y+dy−p, x+dx−p], zero padded,
    /// where S = C / groups channels share each kernel.
    /// The kernel's channel order (group-major, then dy, then dx) matches nn.Unfold, so weights are
    /// interchangeable with the unfold formulation. Differentiable in both x and kernel.
    /// </summary>
    public static Tensor Aggregate(Tensor x, Tensor kernel, int kernelSize, int groups)
    {
        ShiftedSum.Check(x, kernel, kernelSize, groups);
        // Inference skips the autograd node (and its bookkeeping) entirely.
        if (!is_grad_enabled() || !(x.requires_grad || kernel.requires_grad))
            return ShiftedSum.Forward(x, kernel, kernelSize, groups);
        return InvolutionFunction.apply(x, kernel, kernelSize, groups);
    }
}
