using Circumplex.Models;
using Circumplex.Training.Trainer;

namespace Circumplex.Training.Evaluation;

/// <summary>The expression head's accuracy on the validation faces for each weight of the blurred reading, and the choice.</summary>
public sealed record HeadBlurChoiceResult(SharpnessMatch Match, double ChosenWeight, IReadOnlyList<(double Weight, double Accuracy)> Scores, int Count);

/// <summary>
/// Decides how much of the head's reading comes from a blurred copy of the face (<see cref="ModelMetadata.HeadBlur"/>),
/// when a categorical training set was found blurry: the plain reading, the two averaged, or the blurred one alone,
/// scored on the validation faces that have valence/arousal — sharp faces like those the product reads, not the
/// blurry set's own held-out images, which are blurry already. A tie keeps the cheaper, smaller weight.
/// </summary>
public static class HeadBlurChoice
{
    public static readonly double[] Weights = [0, 0.5, 1];

    public static HeadBlurChoiceResult? Choose(AffectNetwork network, ModelMetadata meta, TrainingSet validation, SharpnessMatch? match)
    {
        if (match is null || network.ExtraOutputs != Affect.Expressions.Count) return null;
        var scores = new List<(double Weight, double Accuracy)>();
        int count = 0;
        foreach (double weight in Weights)
        {
            var readings = ModelReader.Read(network, meta with { HeadBlur = match.Fraction, HeadBlurWeight = weight }, validation, detect: false)
                .Where(r => r.FaceFound && r.TrueValence is not null && r.TrueExpression is not null).ToList();
            if (readings.Count == 0) return null;
            count = readings.Count;
            scores.Add((weight, readings.Count(r => r.TrueExpression == EvaluationSummary.ArgMax(r.Logits)) / (double)readings.Count));
        }
        var best = scores.OrderByDescending(s => s.Accuracy).ThenBy(s => s.Weight).First();
        return new HeadBlurChoiceResult(match, best.Weight, scores, count);
    }
}
