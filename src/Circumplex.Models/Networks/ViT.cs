using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Circumplex.Models.Networks;

/// <summary>
/// ViT-B/16 (Dosovitskiy et al. 2020): 16×16 patches, width 768, 12 encoder blocks of 12 heads, MLP 3072,
/// regression head on the class token (768 → outputs). 85.8M parameters at 224 px with one output
/// (paper: 85.0M, which it fine-tuned from ImageNet; pretrained weights are optional here).
/// </summary>
public sealed class ViT : nn.Module<Tensor, Tensor>
{
    public const int PatchSize = 16;
    public const int Width = 768;
    public const int Depth = 12;
    public const int Heads = 12;
    public const int MlpWidth = 3072;

    private readonly PatchEmbedding embedding;
    private readonly Sequential encoder;
    private readonly LayerNorm ln;
    private readonly Linear head;

    public ViT(int inputSize, int outputs, Device? device = null) : base(nameof(ViT))
    {
        embedding = new PatchEmbedding(inputSize, PatchSize, Width, device);
        encoder = nn.Sequential(Enumerable.Range(0, Depth)
            .Select(i => ($"encoder_layer_{i}", (nn.Module<Tensor, Tensor>)new TransformerEncoderBlock(
                Width, Heads, new FeedForward(Width, MlpWidth, device: device), device))));
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
