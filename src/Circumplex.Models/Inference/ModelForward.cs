using static TorchSharp.torch;

namespace Circumplex.Models;

/// <summary>
/// One reading of a batch the way the model's metadata says: mirrored and averaged when it flips
/// (<see cref="ModelMetadata.TestTimeFlip"/>), and, when it has a head blur
/// (<see cref="ModelMetadata.HeadBlur"/>), the expression logits also read from a blurred copy and mixed in with
/// <see cref="ModelMetadata.HeadBlurWeight"/>; valence and arousal always come from the image as it is. Last, the
/// head's logits are shifted by <see cref="ModelMetadata.HeadLogitOffsets"/>.
/// Used by analysis and by evaluation alike, so what is measured is what runs.
/// </summary>
public static class ModelForward
{
    public static Tensor Run(nn.Module<Tensor, Tensor> network, Tensor x, ModelMetadata meta)
    {
        var output = Read(network, x, meta);
        if (meta.HeadLogitOffsets is not { } offsets || meta.ExtraOutputs == 0) return output;
        using var scope = NewDisposeScope();
        using var shift = tensor(offsets).to(output.device);
        var adjusted = cat([output.narrow(1, 0, 2), output.narrow(1, 2, meta.ExtraOutputs) + shift], 1);
        output.Dispose();
        return adjusted.MoveToOuterDisposeScope();
    }

    private static Tensor Read(nn.Module<Tensor, Tensor> network, Tensor x, ModelMetadata meta)
    {
        var plain = FlipAveraging.Forward(network, x, meta.TestTimeFlip);
        if (meta.HeadBlur <= 0 || meta.HeadBlurWeight <= 0 || meta.ExtraOutputs == 0) return plain;
        using var scope = NewDisposeScope();
        using var blurredInput = GaussianBlurring.Blur(x, meta.HeadBlur * meta.InputSize);
        var blurred = FlipAveraging.Forward(network, blurredInput, meta.TestTimeFlip);
        long heads = meta.ExtraOutputs;
        float w = (float)meta.HeadBlurWeight;
        var logits = plain.narrow(1, 2, heads) * (1 - w) + blurred.narrow(1, 2, heads) * w;
        var result = cat([plain.narrow(1, 0, 2), logits], 1);
        plain.Dispose();
        return result.MoveToOuterDisposeScope();
    }
}
