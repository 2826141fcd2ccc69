using Circumplex.Acquisition;

namespace Circumplex.Training.Augmentation;

/// <summary>
/// Random re-framing of every training face (beyond the paper's five treatments), so that the few percent by which
/// a detector's box differs from the dataset's crop do not move the prediction: the square is scaled by up to
/// ±<see cref="Scale"/> (log-uniform), moved by up to ±<see cref="Shift"/> of its side on each axis and turned by up to
/// ±<see cref="RotationDegrees"/> (all uniform).
/// </summary>
public sealed record FramingJitter(double Scale, double Shift, double RotationDegrees)
{
    /// <summary>±10% scale, ±5% shift, ±10°: detector boxes at the same face differ by about this much.</summary>
    public static FramingJitter Default { get; } = new(0.10, 0.05, 10);

    public static FramingJitter None { get; } = new(0, 0, 0);

    public bool IsNone => Scale == 0 && Shift == 0 && RotationDegrees == 0;

    public (FramingSquare Square, double Angle) Apply(FramingSquare square, Random rng)
    {
        double scale = Math.Exp((rng.NextDouble() * 2 - 1) * Math.Log(1 + Scale));
        double dx = (rng.NextDouble() * 2 - 1) * Shift, dy = (rng.NextDouble() * 2 - 1) * Shift;
        double angle = (rng.NextDouble() * 2 - 1) * RotationDegrees;
        return (square.Jittered(scale, dx, dy), angle);
    }

    public void Validate()
    {
        if (!(Scale >= 0 && Scale < 1)) throw new ArgumentOutOfRangeException(nameof(Scale), Scale, "scale jitter must lie in [0, 1)");
        if (!(Shift >= 0 && Shift <= 0.5)) throw new ArgumentOutOfRangeException(nameof(Shift), Shift, "shift jitter must lie in [0, 0.5]");
        if (!(RotationDegrees >= 0 && RotationDegrees <= 45)) throw new ArgumentOutOfRangeException(nameof(RotationDegrees), RotationDegrees, "rotation jitter must lie in [0, 45] degrees");
    }
}
