using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Circumplex.Models.Networks;

/// <summary>
/// A pre-norm transformer encoder block: x + attention(LN(x)), then x + feedForward(LN(x)).
/// The feed-forward part is a constructor argument so that ViT (an MLP) and DRViT (capsule routing, where the
/// paper puts routing "after the multi-head attention function") share everything else.
/// </summary>
public sealed class TransformerEncoderBlock : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm ln_1;
    private readonly MultiHeadSelfAttention self_attention;
    private readonly LayerNorm ln_2;
    private readonly nn.Module<Tensor, Tensor> feed_forward;

    public TransformerEncoderBlock(int dim, int heads, nn.Module<Tensor, Tensor> feedForward, Device? device = null)
        : base(nameof(TransformerEncoderBlock))
    {
        ln_1 = nn.LayerNorm(dim, eps: 1e-6, device: device);
        self_attention = new MultiHeadSelfAttention(dim, heads, device);
        ln_2 = nn.LayerNorm(dim, eps: 1e-6, device: device);
        feed_forward = feedForward;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = x.Plus(self_attention.forward(ln_1.forward(x)));
        y = y.Plus(feed_forward.forward(ln_2.forward(y)));
        return y.MoveToOuterDisposeScope();
    }
}
