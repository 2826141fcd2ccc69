using Circumplex.Affect;

namespace Circumplex.Music.Journeys;

/// <summary>
/// Where a Lift goes when the listener picks no target. The iso principle of music therapy: start where the
/// listener is, then move step by step toward a better place; the journey supplies the steps, this rule the place.
/// <list type="bullet">
/// <item>valence ≥ 0 (happy, excited, content, neutral): stay, with valence raised to at least
///   <see cref="PositiveFloor"/>: a good mood is kept, not pushed, and a neutral one nudged gently up.</item>
/// <item>valence &lt; 0, arousal ≥ 0 (angry, afraid, disgusted, tense): to <see cref="Calm"/>, calm and mildly
///   positive: first bring the energy down.</item>
/// <item>valence &lt; 0, arousal &lt; 0 (sad, bored, tired): to <see cref="CalmPositive"/>, positive at about
///   resting energy.</item>
/// </list>
/// Recent studies disagree on whether people want the iso order; the feedback export records before → after so it
/// can be measured rather than assumed.
/// </summary>
public static class LiftTarget
{
    public const double PositiveFloor = 0.5;
    public static readonly AffectPoint Calm = new(0.3, -0.5);
    public static readonly AffectPoint CalmPositive = new(0.6, -0.1);

    public static AffectPoint For(AffectPoint from) =>
        from.Valence >= 0 ? new AffectPoint(Math.Max(from.Valence, PositiveFloor), from.Arousal)
        : from.Arousal >= 0 ? Calm
        : CalmPositive;
}
