namespace Circumplex.Acquisition;

/// <summary>How a face becomes model input.</summary>
/// <param name="InputSize">Side of the square model input in pixels (a property of the trained model: 224 in the paper).</param>
/// <param name="Normalization">RGB mean/std from the model's metadata.</param>
/// <param name="Margin">Extra context around the detected box on every side, as a fraction of the box's longer side
/// (0.2 = 20%); a property of the model, chosen so that detected faces are framed as its training faces were.</param>
/// <param name="OffsetY">Moves the framing square down by this fraction of the box height (negative: up).</param>
public sealed record FacePreprocessingOptions(int InputSize, FaceNormalization Normalization, double Margin = 0.2, double OffsetY = 0)
{
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(InputSize, 1, nameof(InputSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(InputSize, 4096, nameof(InputSize));
        ArgumentNullException.ThrowIfNull(Normalization, nameof(Normalization));
        Normalization.Validate();
        if (!(Margin >= 0 && Margin <= 2))
            throw new ArgumentOutOfRangeException(nameof(Margin), Margin, "Margin must lie in [0, 2].");
        if (!(OffsetY >= -1 && OffsetY <= 1))
            throw new ArgumentOutOfRangeException(nameof(OffsetY), OffsetY, "The vertical offset must lie in [-1, 1].");
    }
}
