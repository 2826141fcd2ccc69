using Circumplex.Models.Networks;
using Circumplex.Models.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Circumplex.Models;

/// <summary>Builds any of the six architectures in either design, freshly initialised.</summary>
public static class AffectNetworkFactory
{
    /// <summary>Convolutional nets are checked down to this size; their adaptive pooling accepts anything larger.</summary>
    public const int MinimumConvInputSize = 64;

    /// <param name="device">Where to allocate the weights; null = the default (CPU). The "meta" device allocates
    /// nothing, which is how parameter counts are taken without building 100M-parameter models.</param>
    /// <param name="extraOutputs">Outputs after valence and arousal, e.g. 8 expression logits of an auxiliary head
    /// (1×2 only: the 2×1 design has one output per network by definition).</param>
    public static AffectNetwork Create(Architecture architecture, Design design, int inputSize, Device? device = null, int extraOutputs = 0)
    {
        ValidateInputSize(architecture, inputSize);
        if (extraOutputs < 0) throw new ArgumentOutOfRangeException(nameof(extraOutputs), extraOutputs, "cannot be negative");
        if (extraOutputs > 0 && design != Design.OneByTwo)
            throw new ArgumentException("extra outputs (an expression head) need the 1×2 design", nameof(extraOutputs));
        int outputsPerNetwork = design == Design.OneByTwo ? AffectNetwork.Outputs + extraOutputs : 1;
        int count = design == Design.OneByTwo ? 1 : 2;
        var parts = new List<nn.Module<Tensor, Tensor>>(count);
        for (int i = 0; i < count; i++) parts.Add(CreateNetwork(architecture, inputSize, outputsPerNetwork, device));
        return new AffectNetwork(architecture, design, inputSize, parts, extraOutputs);
    }

    /// <summary>A single bare network with the given number of outputs.</summary>
    public static nn.Module<Tensor, Tensor> CreateNetwork(Architecture architecture, int inputSize, int outputs, Device? device = null)
    {
        ValidateInputSize(architecture, inputSize);
        if (outputs < 1) throw new ArgumentOutOfRangeException(nameof(outputs), outputs, "a network needs at least one output");
        OneDnnGuard.Apply(architecture); // before any convolution runs: see OneDnnGuard for the CPUs it protects
        return architecture switch
        {
            Architecture.AlexNet => new AlexNet(outputs, device: device),
            Architecture.ResNet50 => new ResNet50(outputs, device),
            Architecture.ViT => new ViT(inputSize, outputs, device),
            Architecture.InvNet50 => new InvNet50(outputs, device: device),
            Architecture.DRViT => new DRViT(inputSize, outputs, device),
            Architecture.ResNet18 => new ResNet18(outputs, device),
            _ => throw new ArgumentOutOfRangeException(nameof(architecture), architecture, "unknown architecture"),
        };
    }

    public static bool IsTransformer(Architecture architecture) => architecture is Architecture.ViT or Architecture.DRViT;

    /// <summary>Throws ArgumentException with the reason when an architecture cannot take this input size.</summary>
    public static void ValidateInputSize(Architecture architecture, int inputSize)
    {
        if (IsTransformer(architecture))
            PatchEmbedding.Validate(inputSize, 16);
        else if (inputSize < MinimumConvInputSize)
            throw new ArgumentException(
                $"{architecture} needs inputs of at least {MinimumConvInputSize} px; got {inputSize}", nameof(inputSize));
    }
}
