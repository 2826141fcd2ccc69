using Circumplex.Affect;
using Circumplex.Training.Data;
using Circumplex.Training.Evaluation;
using Xunit;

namespace Circumplex.Tests.Training.Evaluation;

public class HeadCentresChoiceTests
{
    [Fact]
    public void Centres_are_each_classes_mean_true_position_and_need_every_class()
    {
        var samples = Expressions.All.SelectMany(e => new[]
        {
            new FaceSample($"{e}a", 0.1 * (int)e, -0.1, e),
            new FaceSample($"{e}b", 0.1 * (int)e + 0.2, 0.3, e),
        }).Append(new FaceSample("unlabelled", 0.9, 0.9, null)).ToList();
        var centres = HeadCentresChoice.Centres(new FaceDataset("s", samples, new NoImages(), []))!;
        Assert.Equal(0.1 * (int)Expression.Sad + 0.1, centres[2 * (int)Expression.Sad], 5);
        Assert.Equal(0.1, centres[2 * (int)Expression.Sad + 1], 5);
        Assert.Null(HeadCentresChoice.Centres(new FaceDataset("s", [.. samples.Where(s => s.Expression != Expression.Contempt)], new NoImages(), [])));
    }

    [Fact]
    public void The_weight_with_the_best_mean_ccc_is_chosen_and_a_useless_head_keeps_the_regression()
    {
        // Two classes far apart; the regression is squashed towards 0 (CCC low), the head is sure and right.
        var centres = new float[16];
        centres[2] = 0.8f; centres[3] = 0.6f;   // happy
        centres[4] = -0.7f; centres[5] = -0.5f; // sad
        float[] Sure(Expression e) { var l = Enumerable.Repeat(-20f, 8).ToArray(); l[(int)e] = 20; return l; }
        var rng = new Random(3);
        var readings = Enumerable.Range(0, 40).Select(i =>
        {
            var e = i % 2 == 0 ? Expression.Happy : Expression.Sad;
            double v = centres[2 * (int)e] + (rng.NextDouble() - 0.5) * 0.1, a = centres[2 * (int)e + 1] + (rng.NextDouble() - 0.5) * 0.1;
            return new SampleReading($"{i}", v, a, e, new AffectPoint(v * 0.2, a * 0.2), Sure(e));
        }).ToList();
        var result = HeadCentresChoice.Choose(readings, centres)!;
        Assert.Equal(1.0, result.ChosenWeight);
        Assert.True(result.Scores[^1].ValenceCcc > 0.95 && result.Scores[0].ValenceCcc < 0.5, string.Join("; ", result.Scores));

        // A head that is always unsure (equal logits) only pulls every face to the mean of the centres.
        var unsure = readings.Select(r => r with { Regression = new AffectPoint(r.TrueValence!.Value, r.TrueArousal!.Value), Logits = new float[8] }).ToList();
        Assert.Equal(0.0, HeadCentresChoice.Choose(unsure, centres)!.ChosenWeight);
        Assert.Null(HeadCentresChoice.Choose([], centres));
    }

    [Fact]
    public void The_expected_position_is_the_softmax_weighted_centre()
    {
        float[] centres = [1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        float[] logits = [MathF.Log(3), 0, -100, -100, -100, -100, -100, -100];
        var (v, a) = HeadCentresChoice.Expected(logits, centres);
        Assert.Equal(0.75, v, 6);
        Assert.Equal(0.25, a, 6);
    }
}
