using Circumplex.Affect;
using Circumplex.Models;
using Circumplex.Training.Data;

namespace Circumplex.Training.Evaluation;

/// <summary>Valence and arousal CCC on the validation faces for each weight of the head's expected position, and the choice.</summary>
public sealed record HeadCentresChoiceResult(double ChosenWeight, float[] Centres, IReadOnlyList<(double Weight, double ValenceCcc, double ArousalCcc)> Scores, int Count);

/// <summary>
/// Whether the reported (v, a) should lean on the expression head: the head names classes better than the regression
/// places faces, and each class has a typical place on the circumplex. The head's expected position is
/// Σ p(class)·centre(class), with each centre the mean true (v, a) of that class's training faces; the product reports
/// (1 − w)·regression + w·that, with w (0, ¼, ½, ¾ or 1) the one that gives the validation faces the highest mean of
/// valence and arousal CCC. A tie keeps the smaller weight. The weights of the network are not touched.
/// </summary>
public static class HeadCentresChoice
{
    public static readonly double[] Weights = [0, 0.25, 0.5, 0.75, 1];

    /// <summary>The mean true (v, a) of each expression's faces in <paramref name="set"/>; null when a class has none.</summary>
    public static float[]? Centres(FaceDataset set)
    {
        var centres = new float[2 * Expressions.Count];
        foreach (var group in set.Samples.Where(s => s.Expression is not null && s.Valence is not null && s.Arousal is not null).GroupBy(s => (int)s.Expression!.Value))
        {
            centres[2 * group.Key] = (float)group.Average(s => s.Valence!.Value);
            centres[2 * group.Key + 1] = (float)group.Average(s => s.Arousal!.Value);
        }
        var present = set.Samples.Where(s => s.Expression is not null && s.Valence is not null).Select(s => s.Expression!.Value).Distinct().Count();
        return present == Expressions.Count ? centres : null;
    }

    /// <summary>The choice from readings of the regression alone and the head's final logits.</summary>
    public static HeadCentresChoiceResult? Choose(IEnumerable<SampleReading> readings, float[] centres)
    {
        var rows = readings.Where(r => r.FaceFound && r.TrueValence is not null && r.TrueArousal is not null).ToArray();
        if (rows.Length < 2) return null;
        double[] tv = [.. rows.Select(r => r.TrueValence!.Value)], ta = [.. rows.Select(r => r.TrueArousal!.Value)];
        var expected = rows.Select(r => Expected(r.Logits, centres)).ToArray();
        var scores = new List<(double Weight, double ValenceCcc, double ArousalCcc)>();
        foreach (double w in Weights)
        {
            double[] pv = [.. rows.Select((r, i) => (1 - w) * r.Regression!.Value.Valence + w * expected[i].V)];
            double[] pa = [.. rows.Select((r, i) => (1 - w) * r.Regression!.Value.Arousal + w * expected[i].A)];
            scores.Add((w, AffectMetrics.Ccc(tv, pv), AffectMetrics.Ccc(ta, pa)));
        }
        var best = scores.OrderByDescending(s => s.ValenceCcc + s.ArousalCcc).ThenBy(s => s.Weight).First();
        return new HeadCentresChoiceResult(best.Weight, centres, scores, rows.Length);
    }

    /// <summary>Σ softmax(logits)·centre, as <see cref="ModelForward"/> computes it.</summary>
    public static (double V, double A) Expected(float[] logits, float[] centres)
    {
        double max = logits.Max(), sum = 0, v = 0, a = 0;
        for (int c = 0; c < logits.Length; c++)
        {
            double p = Math.Exp(logits[c] - max);
            sum += p;
            v += p * centres[2 * c];
            a += p * centres[2 * c + 1];
        }
        return (v / sum, a / sum);
    }
}
