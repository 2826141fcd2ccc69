namespace Circumplex.Affect;

/// <summary>The four per-axis metrics of the affect literature (and of the paper's Table 2).</summary>
public sealed record AxisMetrics(double Rmse, double Corr, double Ccc, double Sagr, int Count);

/// <summary>
/// RMSE, Pearson correlation (CORR), Lin's concordance correlation coefficient (CCC) and sign agreement (SAGR),
/// computed as in Kossaifi et al. / AffectNet evaluations: population (1/n) moments throughout.
/// </summary>
public static class AffectMetrics
{
    public static AxisMetrics Compute(ReadOnlySpan<double> truth, ReadOnlySpan<double> predicted)
    {
        Validate(truth, predicted);
        return new AxisMetrics(Rmse(truth, predicted), Corr(truth, predicted), Ccc(truth, predicted), Sagr(truth, predicted), truth.Length);
    }

    public static double Rmse(ReadOnlySpan<double> truth, ReadOnlySpan<double> predicted)
    {
        Validate(truth, predicted);
        double sum = 0;
        for (int i = 0; i < truth.Length; i++)
        {
            double d = truth[i] - predicted[i];
            sum += d * d;
        }
        return Math.Sqrt(sum / truth.Length);
    }

    /// <summary>Pearson correlation. NaN when either vector is constant: correlation is undefined there, and a number would lie.</summary>
    public static double Corr(ReadOnlySpan<double> truth, ReadOnlySpan<double> predicted)
    {
        var m = Moments.Of(truth, predicted);
        if (m.VarX == 0 || m.VarY == 0) return double.NaN;
        return m.Cov / Math.Sqrt(m.VarX * m.VarY);
    }

    /// <summary>
    /// Lin's CCC = 2·cov / (var_t + var_p + (mean_t − mean_p)²). A constant prediction scores 0 against a varying truth;
    /// two identical constant vectors (0/0) score 1, since they agree perfectly.
    /// </summary>
    public static double Ccc(ReadOnlySpan<double> truth, ReadOnlySpan<double> predicted)
    {
        var m = Moments.Of(truth, predicted);
        double meanDiff = m.MeanX - m.MeanY;
        double denominator = m.VarX + m.VarY + meanDiff * meanDiff;
        if (denominator == 0) return 1.0;
        return 2 * m.Cov / denominator;
    }

    /// <summary>
    /// Share of samples whose prediction has the sign of the truth. Signs are compared as Math.Sign (as numpy's sign):
    /// sign(0) = 0, so an exact 0 agrees only with an exact 0.
    /// </summary>
    public static double Sagr(ReadOnlySpan<double> truth, ReadOnlySpan<double> predicted)
    {
        Validate(truth, predicted);
        int agree = 0;
        for (int i = 0; i < truth.Length; i++)
            if (Math.Sign(truth[i]) == Math.Sign(predicted[i])) agree++;
        return (double)agree / truth.Length;
    }

    internal static void Validate(ReadOnlySpan<double> truth, ReadOnlySpan<double> predicted)
    {
        if (truth.Length != predicted.Length)
            throw new ArgumentException($"truth has {truth.Length} values but predictions have {predicted.Length}");
        if (truth.Length == 0)
            throw new ArgumentException("metrics need at least one sample; both vectors are empty");
        for (int i = 0; i < truth.Length; i++)
        {
            if (!double.IsFinite(truth[i])) throw new ArgumentException($"truth[{i}] is {truth[i]}: metrics need finite values");
            if (!double.IsFinite(predicted[i])) throw new ArgumentException($"predicted[{i}] is {predicted[i]}: metrics need finite values");
        }
    }

    private readonly record struct Moments(double MeanX, double MeanY, double VarX, double VarY, double Cov)
    {
        public static Moments Of(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
        {
            Validate(x, y);
            int n = x.Length;
            double mx = 0, my = 0;
            for (int i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
            mx /= n; my /= n;
            double vx = 0, vy = 0, c = 0;
            for (int i = 0; i < n; i++)
            {
                double dx = x[i] - mx, dy = y[i] - my;
                vx += dx * dx; vy += dy * dy; c += dx * dy;
            }
            // Rounding leaves a tiny non-zero variance for a constant vector; constancy must be exact for Corr/Ccc to say so.
            if (IsConstant(x)) { vx = 0; c = 0; mx = x[0]; }
            if (IsConstant(y)) { vy = 0; c = 0; my = y[0]; }
            return new Moments(mx, my, vx / n, vy / n, c / n);
        }

        private static bool IsConstant(ReadOnlySpan<double> v)
        {
            for (int i = 1; i < v.Length; i++) if (v[i] != v[0]) return false;
            return true;
        }
    }
}
