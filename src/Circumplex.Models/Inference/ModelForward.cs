using static TorchSharp.torch;

namespace Circumplex.Models;

/// <summary>
/// One reading of a batch the way the model's metadata says: mirrored and averaged when it flips
/// (<see cref="ModelMetadata.TestTimeFlip"/>), and, when it has a head blur
/// (<see cref="ModelMetadata.HeadBlur"/>), the expression logits also read from a blurred copy and mixed in with
/// <see cref="ModelMetadata.HeadBlurWeight"/>; valence and arousal always come from the image as it is. Last, the
/// head's logits are shifted by <see cref="ModelMetadata.HeadLogitOffsets"/>, and (v, a) moves
/// <see cref="ModelMetadata.HeadCentreWeight"/> of the way towards the head's expected position among the class
/// centres (<see cref="ModelMetadata.HeadCentres"/>).
/// Used by analysis and by evaluation alike, so what is measured is what runs.
/// </summary>
public static class ModelForward
{
    public static Tensor Run(nn.Module<Tensor, Tensor> network, Tensor x, ModelMetadata meta)
    {
        var output = Read(network, x, meta);
        bool shift = meta.HeadLogitOffsets is not null, centres = meta.HeadCentreWeight > 0 && meta.HeadCentres is not null;
        if (meta.ExtraOutputs == 0 || !(shift || centres)) return output;
        using var scope = NewDisposeScope();
        long heads = meta.ExtraOutputs;
        var logits = output.narrow(1, 2, heads);
        if (shift) logits = logits.Plus(tensor(meta.HeadLogitOffsets!).to(output.device));
        var point = output.narrow(1, 0, 2);
        if (centres)
        {
            // The head's expected position: its class probabilities weighting each class's centre.
            var expected = logits.softmax(1).matmul(tensor(meta.HeadCentres!).reshape(heads, 2).to(output.device));
            float w = (float)meta.HeadCentreWeight;
            point = point.Times(1 - w).Plus(expected.Times(w));
        }
        var result = cat([point, logits], 1);
        output.Dispose();
        return result.MoveToOuterDisposeScope();
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
        var logits = plain.narrow(1, 2, heads).Times(1 - w).Plus(blurred.narrow(1, 2, heads).Times(w));
        var result = cat([plain.narrow(1, 0, 2), logits], 1);
        plain.Dispose();
        return result.MoveToOuterDisposeScope();
    }
}
