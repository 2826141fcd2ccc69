using Circumplex.Affect;
using Circumplex.Training.Evaluation;
using Xunit;

namespace Circumplex.Tests.Training.Trainer;

public class EvaluationTests
{
    // A fixed tiny set: truth and predictions chosen so every metric is easy to check by hand.
    private static readonly AffectPredictions Fixed = new(
        TrueValence: [0.5, -0.5, 0.5, -0.5], TrueArousal: [0.2, 0.2, -0.2, -0.2],
        PredictedValence: [0.5, -0.5, -0.5, 0.5], PredictedArousal: [0.2, 0.2, -0.2, -0.2],
        Expressions: [Expression.Happy, Expression.Sad, Expression.Happy, Expression.Sad]);

    [Fact]
    public void Metrics_on_a_fixed_set_match_hand_computation()
    {
        // valence: two right, two with the wrong sign (error 1 each) → RMSE √(2/4), CORR 0, CCC 0, SAGR 0.5
        Assert.Equal(Math.Sqrt(0.5), Fixed.Valence.Rmse, 12);
        Assert.Equal(0.0, Fixed.Valence.Corr, 12);
        Assert.Equal(0.0, Fixed.Valence.Ccc, 12);
        Assert.Equal(0.5, Fixed.Valence.Sagr, 12);
        // arousal is perfect
        Assert.Equal(0.0, Fixed.Arousal.Rmse, 12);
        Assert.Equal(1.0, Fixed.Arousal.Ccc, 12);
        Assert.Equal((0.5 + 0) / 2, Fixed.MeanSquaredError(), 12); // mean of per-axis MSE 0.5 and 0
    }

    [Fact]
    public void Baselines_predict_training_means()
    {
        (double, double, Expression?)[] train = [(0.6, 0.1, Expression.Happy), (0.2, 0.3, Expression.Happy), (-0.4, -0.1, Expression.Sad)];
        var mean = Baselines.TrainingMean(Fixed, train);
        Assert.All(mean.PredictedValence, v => Assert.Equal(0.4 / 3, v, 12));
        var byClass = Baselines.ClassMean(Fixed, train);
        Assert.Equal([0.4, -0.4, 0.4, -0.4], byClass.PredictedValence.Select(v => Math.Round(v, 12)));
        Assert.True(double.IsNaN(mean.Valence.Corr)); // a constant prediction has no correlation
    }

    [Fact]
    public void Table_is_written_as_markdown_and_csv()
    {
        var rows = new[] { new Table2Row("m", 10_500_000, Fixed.Valence, Fixed.Arousal) };
        string md = Table2Writer.Markdown(rows);
        Assert.Contains("| m | 10.5M | .707 | .000 | .000 | .500 | .000 | 1.000 | 1.000 | 1.000 | 4 |", md);
        string csv = Table2Writer.Csv(rows);
        Assert.StartsWith("model,params,valence_rmse", csv);
        Assert.Equal(2, csv.Trim().Split('\n').Length);
    }
}
