using TorchSharp;
using static TorchSharp.torch;

namespace Circumplex.Models;

/// <summary>Parameter counts, taken on the "meta" device so that counting ViT-B/16 2×1 (172M) allocates nothing.</summary>
public static class ParameterCount
{
    /// <summary>Trainable parameters (buffers such as BatchNorm statistics excluded, as in the paper's counts).</summary>
    public static long Of(nn.Module module) => module.parameters().Sum(p => p.numel());

    public static long Of(Architecture architecture, Design design, int inputSize = PaperFigures.InputSize)
    {
        using var network = AffectNetworkFactory.Create(architecture, design, inputSize, META);
        return Of(network);
    }
}
