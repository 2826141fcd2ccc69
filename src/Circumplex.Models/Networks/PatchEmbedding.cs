using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Circumplex.Models.Networks;

/// <summary>
/// ViT's input: non-overlapping P×P patches projected to D dims (a stride-P convolution), a learned class token
/// in front, and learned position embeddings. The position table is sized from the input size, so a model
/// accepts exactly one image size: the one it was built (and trained) for.
/// </summary>
public sealed class PatchEmbedding : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv_proj;
    private readonly Parameter class_token;
    private readonly Parameter pos_embedding;

    public int InputSize { get; }
    public int PatchSize { get; }
    public int Dim { get; }
    public int PatchesPerSide => InputSize / PatchSize;

    public PatchEmbedding(int inputSize, int patchSize, int dim, Device? device = null) : base(nameof(PatchEmbedding))
    {
        Validate(inputSize, patchSize);
        InputSize = inputSize;
        PatchSize = patchSize;
        Dim = dim;
        conv_proj = nn.Conv2d(3, dim, patchSize, stride: patchSize, device: device);
        class_token = nn.Parameter(zeros([1, 1, dim], device: device));
        long tokens = (long)PatchesPerSide * PatchesPerSide + 1;
        pos_embedding = nn.Parameter(empty([1, tokens, dim], device: device));
        using (no_grad()) nn.init.normal_(pos_embedding, 0, 0.02);
        RegisterComponents();
    }

    /// <summary>Throws a clear ArgumentException unless the input cuts into whole patches.</summary>
    public static void Validate(int inputSize, int patchSize)
    {
        if (inputSize < patchSize || inputSize % patchSize != 0)
            throw new ArgumentException(
                $"a vision transformer with {patchSize}×{patchSize} patches needs an input size that is a positive multiple of {patchSize} px; got {inputSize}",
                nameof(inputSize));
    }

    public override Tensor forward(Tensor x)
    {
        if (x.shape[2] != InputSize || x.shape[3] != InputSize)
            throw new ArgumentException(
                $"this transformer was built for {InputSize}×{InputSize} px inputs (its position embeddings fix the patch grid); got {x.shape[2]}×{x.shape[3]}",
                nameof(x));
        using var scope = NewDisposeScope();
        var patches = conv_proj.forward(x).flatten(2).transpose(1, 2);  // [N, patches, D]
        var cls = class_token.expand(x.shape[0], -1, -1);
        var tokens = cat([cls, patches], 1).Plus(pos_embedding);
        return tokens.MoveToOuterDisposeScope();
    }
}
