using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Circumplex.Models.Networks;

/// <summary>
/// DRViT (paper §4.3): a ViT with embedding 256, 3 encoder blocks of 8 heads, 16×16 patches, in which each
/// block's feed-forward part is replaced by dynamic routing between capsules (8 input capsules of 32 dims per
/// token → 30 output capsules of 256 dims, 3 iterations, projected back to 256), and a linear head on the class
/// token. 12.84M parameters at 224 px with two outputs (paper: 13.0M).
/// </summary>
public sealed class DRViT : nn.Module<Tensor, Tensor>
{
    public const int PatchSize = 16;
    public const int Width = 256;
    public const int Depth = 3;
    public const int Heads = 8;
    public const int OutputCapsules = 30;
    public const int CapsuleDim = 256;
    public const int RoutingIterations = 3;

    private readonly PatchEmbedding embedding;
    private readonly Sequential encoder;
    private readonly LayerNorm ln;
    private readonly Linear head;

    public DRViT(int inputSize, int outputs, Device? device = null) : base(nameof(DRViT))
    {
        embedding = new PatchEmbedding(inputSize, PatchSize, Width, device);
        // One input capsule per head: routing sees the same split of the token that attention did.
        encoder = nn.Sequential(Enumerable.Range(0, Depth)
            .Select(i => ($"encoder_layer_{i}", (nn.Module<Tensor, Tensor>)new TransformerEncoderBlock(
                Width, Heads,
                new CapsuleFeedForward(Width, Heads, OutputCapsules, CapsuleDim, RoutingIterations, device),
                device))));
        ln = nn.LayerNorm(Width, eps: 1e-6, device: device);
        head = nn.Linear(Width, outputs, device: device);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var tokens = ln.forward(encoder.forward(embedding.forward(x)));
        return head.forward(tokens.select(1, 0)).MoveToOuterDisposeScope();
    }
}
