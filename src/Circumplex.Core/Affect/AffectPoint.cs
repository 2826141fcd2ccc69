namespace Circumplex.Affect;

/// <summary>
/// A point on Russell's circumplex: valence (negative ↔ positive) and arousal (calm ↔ energetic),
/// each clamped to [-1, 1] because models and catalogs both live on that square.
/// </summary>
public readonly record struct AffectPoint
{
    public double Valence { get; }
    public double Arousal { get; }

    public AffectPoint(double valence, double arousal)
    {
        if (double.IsNaN(valence)) throw new ArgumentException("valence is NaN", nameof(valence));
        if (double.IsNaN(arousal)) throw new ArgumentException("arousal is NaN", nameof(arousal));
        Valence = Math.Clamp(valence, -1.0, 1.0);
        Arousal = Math.Clamp(arousal, -1.0, 1.0);
    }

    /// <summary>Builds a point only when both values already lie in [-1, 1]; for user input, where clamping would hide a mistake.</summary>
    public static AffectPoint Strict(double valence, double arousal)
    {
        if (!(valence >= -1 && valence <= 1)) throw new ArgumentOutOfRangeException(nameof(valence), valence, "valence must lie in [-1, 1]");
        if (!(arousal >= -1 && arousal <= 1)) throw new ArgumentOutOfRangeException(nameof(arousal), arousal, "arousal must lie in [-1, 1]");
        return new AffectPoint(valence, arousal);
    }

    public double DistanceTo(AffectPoint other)
    {
        double dv = Valence - other.Valence, da = Arousal - other.Arousal;
        return Math.Sqrt(dv * dv + da * da);
    }

    public override string ToString() => FormattableString.Invariant($"(v={Valence:0.###}, a={Arousal:0.###})");
}
