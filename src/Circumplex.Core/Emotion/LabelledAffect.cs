using Circumplex.Affect;

namespace Circumplex.Emotion;

/// <summary>One labelled sample for emotion naming: where a face lies on the circumplex and which expression it shows.</summary>
public readonly record struct LabelledAffect(AffectPoint Point, Expression Expression);
