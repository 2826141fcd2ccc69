namespace Circumplex.Acquisition;

/// <summary>
/// Per-channel mean and standard deviation, in RGB order, applied to pixels already scaled to [0, 1]:
/// <c>(value / 255 − mean) / std</c>. Comes from the model's metadata.
/// </summary>
public sealed record FaceNormalization(float MeanR, float MeanG, float MeanB, float StdR, float StdG, float StdB)
{
    /// <summary>torchvision's ImageNet statistics.</summary>
    public static FaceNormalization ImageNet { get; } = new(0.485f, 0.456f, 0.406f, 0.229f, 0.224f, 0.225f);

    /// <summary>No normalisation: pixels stay in [0, 1].</summary>
    public static FaceNormalization Identity { get; } = new(0f, 0f, 0f, 1f, 1f, 1f);

    /// <summary>From three means and three standard deviations in RGB order (as stored in model metadata).</summary>
    public static FaceNormalization FromRgb(IReadOnlyList<float> mean, IReadOnlyList<float> std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Count != 3 || std.Count != 3)
            throw new ArgumentException($"Normalisation needs 3 means and 3 standard deviations (RGB), got {mean.Count} and {std.Count}.");
        return new FaceNormalization(mean[0], mean[1], mean[2], std[0], std[1], std[2]);
    }

    public void Validate()
    {
        foreach ((string name, float value) in new[] { ("MeanR", MeanR), ("MeanG", MeanG), ("MeanB", MeanB) })
            if (!float.IsFinite(value))
                throw new ArgumentOutOfRangeException(name, value, "Normalisation means must be finite.");
        foreach ((string name, float value) in new[] { ("StdR", StdR), ("StdG", StdG), ("StdB", StdB) })
            if (!(value > 0) || !float.IsFinite(value))
                throw new ArgumentOutOfRangeException(name, value, "Normalisation standard deviations must be positive and finite.");
    }
}
