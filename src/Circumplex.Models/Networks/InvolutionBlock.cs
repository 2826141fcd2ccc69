using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Circumplex.Models.Networks;

/// <summary>
/// InvNet50's inverted-bottleneck residual block (paper §4.2, after ConvNeXt):
/// x + BN(project(dropout(GELU(expand(LayerNorm(involution(x))))))).
/// The 4× expansion comes from the authors' code (the text does not give the width); the closing BatchNorm is
/// the text's (the code puts a LayerNorm after the residual sum instead). Pointwise layers are Linear layers on
/// a channels-last view, as in ConvNeXt, so LayerNorm normalises over channels only.
/// </summary>
public sealed class InvolutionBlock : nn.Module<Tensor, Tensor>
{
    public const int Expansion = 4;

    private readonly Involution inv;
    private readonly LayerNorm norm;
    private readonly Linear expand;
    private readonly GELU act;
    private readonly Dropout dropout;
    private readonly Linear project;
    private readonly StableBatchNorm2d bn;

    public InvolutionBlock(int channels, int kernelSize = 7, double dropout = 0.5, Device? device = null)
        : base(nameof(InvolutionBlock))
    {
        inv = new Involution(channels, kernelSize, device);
        norm = nn.LayerNorm(channels, eps: 1e-6, device: device);
        expand = nn.Linear(channels, Expansion * channels, device: device);
        act = nn.GELU();
        this.dropout = nn.Dropout(dropout);
        project = nn.Linear(Expansion * channels, channels, device: device);
        bn = new StableBatchNorm2d(channels, device);
        // Zero-initialised scale ("zero-init residual", Goyal et al. 2017): every block starts as the identity.
        // Without it AdamW's first, sign-like steps move all 10M weights at once and 15 freshly normalised
        // branches swing the output by several units, even at lr 1e-5.
        using (no_grad()) bn.Weight.zero_();
        RegisterComponents();
    }

    private bool batchNormFolded;

    /// <summary>
    /// Moves the closing BatchNorm into the project layer and the involution's into its kernel generator (eval
    /// statistics; inference only): two fewer ops and no NHWC → NCHW copy per block.
    /// </summary>
    internal void FoldBatchNorm()
    {
        inv.FoldBatchNorm();
        if (batchNormFolded) return;
        (project.weight, project.bias) = BatchNormFolding.Fold(bn, project.weight!, project.bias);
        batchNormFolded = true;
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = inv.forward(x).permute(0, 2, 3, 1);                 // NCHW → NHWC
        y = project.forward(dropout.forward(act.forward(expand.forward(norm.forward(y)))));
        y = y.permute(0, 3, 1, 2);                                  // back to NCHW
        if (!batchNormFolded) y = bn.forward(y.contiguous());
        return x.Plus(y).MoveToOuterDisposeScope();
    }
}
