using Circumplex.Affect;
using Circumplex.Training.Data;
using Circumplex.Training.Evaluation;
using Circumplex.Training.Trainer;
using Xunit;

namespace Circumplex.Tests.Training.Evaluation;

public class LogitAdjustmentChoiceTests
{
    private static FaceDataset Labels(params (Expression Expression, int Count)[] counts) => new(
        "labels", [.. counts.SelectMany(c => Enumerable.Range(0, c.Count).Select(i => new FaceSample($"{c.Expression}{i}", null, null, c.Expression)))],
        new NoImages(), []);

    [Fact]
    public void The_prior_counts_each_listing_of_a_set_and_gives_unseen_classes_one_count()
    {
        var happy = Labels((Expression.Happy, 9));
        var mixed = Labels((Expression.Neutral, 4), (Expression.Sad, 2));
        var prior = LogitAdjustmentChoice.Prior(new TrainingSet(happy, mixed, mixed));
        // Counts + 1 each: neutral 9, happy 10, sad 5, the five others 1: 29 in all.
        Assert.Equal(9 / 29.0, prior[(int)Expression.Neutral], 12);
        Assert.Equal(10 / 29.0, prior[(int)Expression.Happy], 12);
        Assert.Equal(5 / 29.0, prior[(int)Expression.Sad], 12);
        Assert.Equal(1 / 29.0, prior[(int)Expression.Contempt], 12);
        Assert.Equal(1.0, prior.Sum(), 12);
    }

    [Fact]
    public void Offsets_are_minus_strength_times_the_log_share_centred_on_zero()
    {
        double[] prior = [0.5, 0.25, 0.125, 0.125];
        var offsets = LogitAdjustmentChoice.Offsets(prior, 1);
        Assert.Equal(0, offsets.Sum(), 5);
        Assert.Equal(Math.Log(2), offsets[1] - offsets[0], 5); // a class half as common gets ln 2 more
        Assert.Equal(0f, LogitAdjustmentChoice.Offsets(prior, 0).Max());
        Assert.Throws<ArgumentException>(() => LogitAdjustmentChoice.Offsets([0.5, 0, 0.5], 1));
    }

    private static SampleReading Reading(Expression truth, params float[] logits) => new("k", 0, 0, truth, new AffectPoint(0, 0), logits);

    [Fact]
    public void The_strength_that_names_most_validation_faces_is_chosen_and_a_tie_keeps_the_smaller()
    {
        // Happy was common in training (share 0.6), sad rare (0.05): the head leans to happy. Offsets for τ = 1 add
        // ln(0.6/0.05) ≈ 2.48 to sad's logit against happy's, τ = ½ half of that.
        double[] prior = [0.05, 0.6, 0.05, 0.05, 0.05, 0.1, 0.05, 0.05];
        float[] Leaning(int to, float margin) { var l = Enumerable.Repeat(-10f, 8).ToArray(); l[1] = margin; l[to] = 0; return l; }
        var readings = new List<SampleReading>
        {
            Reading(Expression.Sad, Leaning(2, 1.0f)),   // right from τ = ½ on
            Reading(Expression.Sad, Leaning(2, 2.0f)),   // right only with τ = 1
            Reading(Expression.Happy, Leaning(2, 3.0f)), // right for every τ
        };
        var result = LogitAdjustmentChoice.Choose(readings, prior)!;
        Assert.Equal([(0.0, 0.333333), (0.5, 0.666667), (1.0, 1.0)], result.Scores.Select(x => (x.Strength, Math.Round(x.Accuracy, 6))));
        Assert.Equal(1.0, result.ChosenStrength);
        Assert.Equal(LogitAdjustmentChoice.Offsets(prior, 1), result.Offsets);

        var tie = LogitAdjustmentChoice.Choose([Reading(Expression.Happy, Leaning(2, 3.0f))], prior)!;
        Assert.Equal(0.0, tie.ChosenStrength);
        Assert.Null(tie.Offsets);
        Assert.Null(LogitAdjustmentChoice.Choose([], prior));
    }
}
