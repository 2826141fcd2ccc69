using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Circumplex.Models.Networks;

/// <summary>
/// InvNet50 (paper §4.2, Table 1): stem conv 7×7/64/s2 → max-pool 2×2/s2 → BatchNorm; four stages of
/// <see cref="InvolutionBlock"/>s (N = 3, 4, 6, 2 at widths 64, 128, 256, 512) with a 3×3/s2 convolution
/// (+ BatchNorm) between stages; adaptive average pool; one linear head. 10.5M parameters, as in the paper.
/// <para>
/// Reading followed: the paper's text for the normalisation layers (BatchNorm in the stem, after each
/// downsampling conv and closing each block's residual branch) and the authors' code (hieumtran/EAAI23,
/// PyTorch_reg/design/InvNeXt) for what the text leaves open: the 4× pointwise expansion, the involution
/// kernel generator, and the single linear head. Unlike that code, convolutions are padded ("same"-style),
/// so the feature maps are exactly 1/4, 1/8, 1/16, 1/32 of the input and any input of at least 64 px works.
/// Each block's closing BatchNorm starts with zero scale (see <see cref="InvolutionBlock"/>), an initialisation
/// neither source specifies.
/// </para>
/// </summary>
public sealed class InvNet50 : nn.Module<Tensor, Tensor>
{
    public static readonly int[] Widths = [64, 128, 256, 512];
    public static readonly int[] Depths = [3, 4, 6, 2];
    public const int InvolutionKernel = 7;

    private readonly Sequential stem;
    private readonly Sequential stages;
    private readonly AdaptiveAvgPool2d pool;
    private readonly Linear head;

    public InvNet50(int outputs, double dropout = 0.5, Device? device = null) : base(nameof(InvNet50))
    {
        stem = nn.Sequential(
            ("conv", nn.Conv2d(3, Widths[0], 7, stride: 2, padding: 3, device: device)),
            ("pool", nn.MaxPool2d(2, 2)),
            ("bn", new StableBatchNorm2d(Widths[0], device)));

        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (int s = 0; s < Widths.Length; s++)
        {
            if (s > 0)
                layers.Add(($"downsample{s}", nn.Sequential(
                    ("conv", nn.Conv2d(Widths[s - 1], Widths[s], 3, stride: 2, padding: 1, bias: false, device: device)),
                    ("bn", new StableBatchNorm2d(Widths[s], device)))));
            for (int b = 0; b < Depths[s]; b++)
                layers.Add(($"stage{s + 1}_block{b}", new InvolutionBlock(Widths[s], InvolutionKernel, dropout, device)));
        }
        stages = nn.Sequential(layers);
        pool = nn.AdaptiveAvgPool2d(1);
        head = nn.Linear(Widths[^1], outputs, device: device);
        RegisterComponents();
    }

    /// <summary>
    /// Folds each block's BatchNorms into the layers before them, for inference with the current statistics: the
    /// outputs stay the same (to float rounding) but the network can no longer be trained or saved.
    /// </summary>
    internal void FoldBatchNorm()
    {
        foreach (var block in stages.children().OfType<InvolutionBlock>()) block.FoldBatchNorm();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var features = pool.forward(stages.forward(stem.forward(x))).flatten(1);
        return head.forward(features).MoveToOuterDisposeScope();
    }
}
