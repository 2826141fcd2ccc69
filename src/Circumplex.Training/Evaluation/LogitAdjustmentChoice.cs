using Circumplex.Affect;
using Circumplex.Training.Trainer;

namespace Circumplex.Training.Evaluation;

/// <summary>The head's accuracy on the validation faces for each strength of the logit adjustment, and the choice.</summary>
public sealed record LogitAdjustmentChoiceResult(double ChosenStrength, float[]? Offsets, IReadOnlyList<(double Strength, double Accuracy)> Scores,
    IReadOnlyList<double> Prior, int Count);

/// <summary>
/// Logit adjustment (Menon et al., 2021, "Long-tail learning via logit adjustment"): a head trained on labels whose
/// classes were not equally common learns their frequencies as a prior. Subtracting τ·ln(share) from each class's logit
/// removes it, which suits faces from anyone, where no class is known to be rarer. Ours learns from FER2013 train
/// (a quarter happy, 1.5% disgust, no contempt) beside AffectNet's balanced faces. The strength τ (0, ½ or 1) is the
/// one that names most of the validation faces correctly; a tie keeps the smaller. The weights are not touched.
/// </summary>
public static class LogitAdjustmentChoice
{
    public static readonly double[] Strengths = [0, 0.5, 1];

    /// <summary>
    /// Each expression's share of the labels in <paramref name="headTraining"/> (a dataset listed N times counts N
    /// times, as in an epoch), with one extra count per class so that a class never seen gets a finite offset.
    /// </summary>
    public static double[] Prior(TrainingSet headTraining)
    {
        var counts = Enumerable.Repeat(1.0, Expressions.Count).ToArray();
        foreach (var label in headTraining.Labels())
            if (label is Expression e) counts[(int)e]++;
        double total = counts.Sum();
        return [.. counts.Select(c => c / total)];
    }

    /// <summary>−τ·ln(share), shifted to mean 0 (a common shift changes no decision and no probability).</summary>
    public static float[] Offsets(IReadOnlyList<double> prior, double strength)
    {
        if (prior.Any(p => !(p > 0))) throw new ArgumentException("every class share must be positive", nameof(prior));
        var raw = prior.Select(p => -strength * Math.Log(p)).ToArray();
        double mean = raw.Average();
        return [.. raw.Select(r => (float)(r - mean))];
    }

    /// <summary>The choice from readings made without any offsets.</summary>
    public static LogitAdjustmentChoiceResult? Choose(IEnumerable<SampleReading> readings, IReadOnlyList<double> prior)
    {
        var labelled = readings.Where(r => r.FaceFound && r.TrueExpression is not null).ToList();
        if (labelled.Count == 0) return null;
        var scores = new List<(double Strength, double Accuracy)>();
        foreach (double strength in Strengths)
        {
            var offsets = Offsets(prior, strength);
            int right = labelled.Count(r => r.TrueExpression == EvaluationSummary.ArgMax([.. r.Logits.Select((l, i) => l + offsets[i])]));
            scores.Add((strength, right / (double)labelled.Count));
        }
        var best = scores.OrderByDescending(s => s.Accuracy).ThenBy(s => s.Strength).First();
        return new LogitAdjustmentChoiceResult(best.Strength, best.Strength > 0 ? Offsets(prior, best.Strength) : null, scores, prior, labelled.Count);
    }
}
