using Circumplex.Affect;
using Circumplex.Training.Data;

namespace Circumplex.Training.Trainer;

/// <summary>
/// Weak valence/arousal targets for faces that have only an expression (FER2013): the mean (v, a) of the training
/// faces of the same class. On AffectNet the class means alone reach CCC .93 for valence, so a class centre is a
/// coarse but honest target, and it lets the regression learn from the tens of thousands of categorical faces
/// instead of the two thousand with (v, a). The trainer weighs these targets separately from the real ones.
/// </summary>
public sealed class WeakAffectTargets
{
    private readonly (float Valence, float Arousal)?[] _centres;

    private WeakAffectTargets((float, float)?[] centres) => _centres = centres;

    /// <summary>The class centres of the training faces with (v, a); a class with none of them gets no target.</summary>
    public static WeakAffectTargets FromTrainingFaces(TrainingSet train)
    {
        var sums = new (double V, double A, int N)[Expressions.Count];
        for (int i = 0; i < train.Count; i++)
        {
            var sample = train[i].Sample;
            if (!sample.HasAffect || sample.Expression is not Expression e) continue;
            ref var s = ref sums[(int)e];
            s = (s.V + sample.Valence!.Value, s.A + sample.Arousal!.Value, s.N + 1);
        }
        if (sums.All(s => s.N == 0))
            throw new ArgumentException("weak valence/arousal targets need training faces with both (v, a) and an expression");
        return new WeakAffectTargets([.. sums.Select(s => s.N == 0 ? ((float, float)?)null : ((float)(s.V / s.N), (float)(s.A / s.N)))]);
    }

    public (float Valence, float Arousal)? Centre(Expression expression) => _centres[(int)expression];

    /// <summary>The weak target of a face without (v, a): its class's centre, when the class has one.</summary>
    public (float Valence, float Arousal)? For(FaceSample sample) =>
        !sample.HasAffect && sample.Expression is Expression e ? _centres[(int)e] : null;

    public string Describe() => string.Join(", ", Enumerable.Range(0, Expressions.Count)
        .Where(i => _centres[i] is not null)
        .Select(i => FormattableString.Invariant($"{((Expression)i).Name()} ({_centres[i]!.Value.Valence:+0.00;-0.00}, {_centres[i]!.Value.Arousal:+0.00;-0.00})")));
}
