using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Circumplex.Models;

/// <summary>
/// An affect model in either of the paper's designs: [N, 3, H, W] float images → [N, 2] (valence, arousal),
/// or [N, 2 + ExtraOutputs] when a 1×2 network also carries an auxiliary head (columns after the first two).
/// 1×2 holds one network; 2×1 holds a valence network and an arousal network whose single outputs are
/// concatenated. It remembers what it is, so a model file can say which architecture to rebuild.
/// </summary>
public sealed class AffectNetwork : nn.Module<Tensor, Tensor>
{
    public const int Outputs = 2;

    private readonly ModuleList<nn.Module<Tensor, Tensor>> networks;

    public Architecture Architecture { get; }
    public Design Design { get; }
    public int InputSize { get; }
    /// <summary>Outputs after (valence, arousal): 0, or the logits of an auxiliary expression head.</summary>
    public int ExtraOutputs { get; }

    internal AffectNetwork(Architecture architecture, Design design, int inputSize, IReadOnlyList<nn.Module<Tensor, Tensor>> parts, int extraOutputs = 0)
        : base($"{architecture}_{design}")
    {
        int expected = design == Design.OneByTwo ? 1 : 2;
        if (parts.Count != expected)
            throw new ArgumentException($"design {design} needs {expected} network(s), got {parts.Count}", nameof(parts));
        Architecture = architecture;
        Design = design;
        InputSize = inputSize;
        ExtraOutputs = extraOutputs;
        networks = nn.ModuleList(parts.ToArray());
        RegisterComponents();
    }

    /// <summary>The member networks: one (1×2), or valence then arousal (2×1).</summary>
    public IReadOnlyList<nn.Module<Tensor, Tensor>> Networks => [.. networks];

    /// <summary>True once <see cref="FoldBatchNormForInference"/> has run: the weights are no longer the trained ones.</summary>
    public bool IsFoldedForInference { get; private set; }

    /// <summary>
    /// Makes the network cheaper to run for inference where its architecture allows (InvNet50: BatchNorm folded into
    /// the layers before it, with the current running statistics). Outputs in eval mode stay the same to float
    /// rounding; the network can no longer be trained or saved (<see cref="ModelFile.Save"/> refuses it).
    /// </summary>
    public void FoldBatchNormForInference()
    {
        foreach (var net in networks.OfType<Networks.InvNet50>()) net.FoldBatchNorm();
        IsFoldedForInference = true;
    }

    public override Tensor forward(Tensor x)
    {
        if (x.dim() != 4 || x.shape[1] != 3)
            throw new ArgumentException($"an affect model takes [N,3,H,W] RGB images, got [{string.Join(",", x.shape)}]", nameof(x));
        if (x.dtype != ScalarType.Float32)
            throw new ArgumentException($"an affect model takes float32 images, got {x.dtype}", nameof(x));
        if (networks.Count == 1) return networks[0].forward(x);
        using var scope = NewDisposeScope();
        var valence = networks[0].forward(x);
        var arousal = networks[1].forward(x);
        return cat([valence, arousal], 1).MoveToOuterDisposeScope();
    }
}
