using Circumplex.Affect;
using Xunit;

namespace Circumplex.Tests.Affect;

public class AffectMetricsTests
{
    private static readonly double[] Truth = [1, 2, 3, 4];
    private static readonly double[] Predicted = [1, 3, 2, 5];

    [Fact]
    public void Rmse_matches_hand_computation()
    {
        // squared errors 0,1,1,1 → mean 0.75
        Assert.Equal(Math.Sqrt(0.75), AffectMetrics.Rmse(Truth, Predicted), 12);
    }

    [Fact]
    public void Corr_matches_hand_computation()
    {
        // means 2.5 and 2.75; dx = −1.5 −0.5 0.5 1.5, dy = −1.75 0.25 −0.75 2.25: Σdxdy = 5.5, Σdx² = 5, Σdy² = 8.75
        Assert.Equal(5.5 / Math.Sqrt(5 * 8.75), AffectMetrics.Corr(Truth, Predicted), 12);
    }

    [Fact]
    public void Ccc_matches_hand_computation()
    {
        // population moments: var_t = 1.25, var_p = 2.1875, cov = 1.375, mean difference = −0.25 → 2.75 / 3.5
        double expected = 2.75 / 3.5;
        Assert.Equal(expected, AffectMetrics.Ccc(Truth, Predicted), 12);
    }

    [Fact]
    public void Ccc_penalises_bias_that_corr_ignores()
    {
        double[] shifted = Truth.Select(t => t + 1).ToArray();
        Assert.Equal(1.0, AffectMetrics.Corr(Truth, shifted), 12);
        // var 1.25 each, cov 1.25, bias 1 → 2.5 / 3.5
        Assert.Equal(2.5 / 3.5, AffectMetrics.Ccc(Truth, shifted), 12);
        Assert.Equal(1.0, AffectMetrics.Ccc(Truth, Truth), 12);
    }

    [Fact]
    public void Sagr_counts_sign_agreement_with_sign_of_zero_as_zero()
    {
        double[] t = [0.5, -0.5, 0.0, 0.2, -0.1];
        double[] p = [0.1, 0.3, 0.0, 0.0, -0.9];
        // agree: +/+ yes, −/+ no, 0/0 yes, +/0 no, −/− yes
        Assert.Equal(3.0 / 5, AffectMetrics.Sagr(t, p), 12);
    }

    [Fact]
    public void Constant_prediction_has_undefined_corr_and_zero_ccc()
    {
        double[] constant = [0.1, 0.1, 0.1, 0.1];
        Assert.True(double.IsNaN(AffectMetrics.Corr(Truth, constant)));
        Assert.Equal(0.0, AffectMetrics.Ccc(Truth, constant), 12);
        Assert.Equal(1.0, AffectMetrics.Ccc(constant, constant), 12);
    }

    [Fact]
    public void Bad_inputs_get_clear_errors()
    {
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => AffectMetrics.Rmse([], [])).Message);
        Assert.Contains("3 values", Assert.Throws<ArgumentException>(() => AffectMetrics.Ccc([1, 2, 3], [1, 2])).Message);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => AffectMetrics.Corr([1, double.NaN], [1, 2])).Message);
        Assert.Contains("predicted[1]", Assert.Throws<ArgumentException>(() => AffectMetrics.Sagr([1, 2], [1, double.PositiveInfinity])).Message);
    }

    [Fact]
    public void Compute_bundles_all_four()
    {
        var m = AffectMetrics.Compute(Truth, Predicted);
        Assert.Equal(AffectMetrics.Rmse(Truth, Predicted), m.Rmse);
        Assert.Equal(AffectMetrics.Ccc(Truth, Predicted), m.Ccc);
        Assert.Equal(4, m.Count);
    }
}
