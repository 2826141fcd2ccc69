using Circumplex.Affect;

namespace Circumplex.Training.Evaluation;

/// <summary>
/// Trivial predictors measured the same way as models, so that a model's row can be read against them:
/// the training mean for everyone, and the training mean of each sample's true class (an oracle on the class).
/// </summary>
public static class Baselines
{
    public static AffectPredictions TrainingMean(AffectPredictions test, IReadOnlyList<(double V, double A, Expression? E)> train)
    {
        if (train.Count == 0) throw new ArgumentException("the training set is empty");
        double mv = train.Average(t => t.V), ma = train.Average(t => t.A);
        return test with
        {
            PredictedValence = Enumerable.Repeat(mv, test.Count).ToArray(),
            PredictedArousal = Enumerable.Repeat(ma, test.Count).ToArray(),
        };
    }

    public static AffectPredictions ClassMean(AffectPredictions test, IReadOnlyList<(double V, double A, Expression? E)> train)
    {
        var means = train.Where(t => t.E is not null).GroupBy(t => t.E!.Value)
            .ToDictionary(g => g.Key, g => (V: g.Average(t => t.V), A: g.Average(t => t.A)));
        double mv = train.Average(t => t.V), ma = train.Average(t => t.A);
        var pv = new double[test.Count];
        var pa = new double[test.Count];
        for (int i = 0; i < test.Count; i++)
        {
            var m = test.Expressions[i] is { } e && means.TryGetValue(e, out var cm) ? cm : (V: mv, A: ma);
            pv[i] = m.V; pa[i] = m.A;
        }
        return test with { PredictedValence = pv, PredictedArousal = pa };
    }
}
