using Circumplex.Affect;

namespace Circumplex.Training.Evaluation;

/// <summary>A model's predictions on a labelled set beside the truth (only samples that have valence/arousal),
/// with each sample's expression label when known.</summary>
public sealed record AffectPredictions(double[] TrueValence, double[] TrueArousal, double[] PredictedValence, double[] PredictedArousal, Expression?[] Expressions)
{
    public int Count => TrueValence.Length;

    public AxisMetrics Valence => AffectMetrics.Compute(TrueValence, PredictedValence);

    public AxisMetrics Arousal => AffectMetrics.Compute(TrueArousal, PredictedArousal);

    /// <summary>Mean squared error over both outputs: the training loss on this set.</summary>
    public double MeanSquaredError()
    {
        double sum = 0;
        for (int i = 0; i < Count; i++)
        {
            double dv = TrueValence[i] - PredictedValence[i], da = TrueArousal[i] - PredictedArousal[i];
            sum += dv * dv + da * da;
        }
        return sum / (2.0 * Count);
    }
}
