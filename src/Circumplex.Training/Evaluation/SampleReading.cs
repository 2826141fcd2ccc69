using Circumplex.Affect;

namespace Circumplex.Training.Evaluation;

/// <summary>One evaluated image: its labels, what the network read (regressed point and head logits), or that no face
/// was found in it (evaluation through detection).</summary>
public sealed record SampleReading(string Key, double? TrueValence, double? TrueArousal, Expression? TrueExpression,
    AffectPoint? Regression, float[] Logits)
{
    public bool FaceFound => Regression is not null;
}
