using Circumplex.Models.Networks;
using Circumplex.Models;
using Circumplex.Training.Trainer;
using TorchSharp;
using static TorchSharp.torch;

namespace Circumplex.Training.Heads;

/// <summary>What the closed-form refit chose and how it scored on the validation faces, per axis.</summary>
public sealed record RidgeHeadResult(double ValenceLambda, double ArousalLambda, double ValenceValidationMse, double ArousalValidationMse,
    double PreviousValenceMse, double PreviousArousalMse, bool Replaced);

/// <summary>
/// Refits a ResNet18's valence and arousal outputs in closed form: ridge regression from the trained backbone's pooled
/// features to the training faces' (v, a), the penalty chosen per axis on the validation faces. A few hundred labelled
/// faces are too few for the head's rows to settle by gradient steps on a CPU budget, but they pin a linear map down
/// exactly. The rows are replaced only when the validation error falls; the expression rows stay as trained.
/// </summary>
public static class RidgeHead
{
    public static readonly double[] Lambdas = [0.01, 0.1, 1, 3, 10, 30, 100, 300, 1000, 3000];

    public static RidgeHeadResult Refit(AffectNetwork network, ModelMetadata meta, TrainingSet train, TrainingSet validation)
    {
        if (network.Architecture != Architecture.ResNet18 || network.Design != Design.OneByTwo)
            throw new ArgumentException("the ridge head refit is for ResNet18 1×2");
        var resnet = (ResNet18)network.Networks[0];
        var (xt, yt) = Features(resnet, meta, train);
        var (xv, yv) = Features(resnet, meta, validation);
        var head = resnet.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var weight = head["head.weight"];
        var bias = head["head.bias"];
        double[] previous = new double[2];
        var chosen = new (double Lambda, double Mse, double[] W)[2];
        for (int axis = 0; axis < 2; axis++)
        {
            double[] w0 = [.. weight[axis].data<float>().Select(f => (double)f), bias[axis].item<float>()];
            previous[axis] = Mse(xv, yv, axis, w0);
            chosen[axis] = Lambdas.Select(l => { var w = Solve(xt, yt, axis, l); return (l, Mse(xv, yv, axis, w), w); }).MinBy(c => c.Item2);
        }
        bool replace = chosen[0].Mse + chosen[1].Mse < previous[0] + previous[1];
        if (replace)
        {
            using var _ = no_grad();
            for (int axis = 0; axis < 2; axis++)
            {
                var w = chosen[axis].W;
                weight[axis].copy_(torch.tensor(w[..^1].Select(d => (float)d).ToArray()));
                bias[axis].fill_(w[^1]);
            }
        }
        return new RidgeHeadResult(chosen[0].Lambda, chosen[1].Lambda, chosen[0].Mse, chosen[1].Mse, previous[0], previous[1], replace);
    }

    private static (double[][] X, double[][] Y) Features(ResNet18 network, ModelMetadata meta, TrainingSet set)
    {
        var (features, samples) = PooledFeatures.Read(network, meta, set, s => s.HasAffect);
        return ([.. features.Select(f => (double[])[.. f.Select(v => (double)v), 1.0])], [.. samples.Select(s => (double[])[s.Valence!.Value, s.Arousal!.Value])]);
    }

    /// <summary>(XᵀX + λI)⁻¹ Xᵀy with the bias column unpenalised, by Cholesky.</summary>
    private static double[] Solve(double[][] x, double[][] y, int axis, double lambda)
    {
        int d = x[0].Length;
        var a = new double[d, d];
        var b = new double[d];
        foreach (var (row, target) in x.Zip(y))
        {
            for (int i = 0; i < d; i++)
            {
                b[i] += row[i] * target[axis];
                for (int j = 0; j <= i; j++) a[i, j] += row[i] * row[j];
            }
        }
        for (int i = 0; i < d - 1; i++) a[i, i] += lambda;
        a[d - 1, d - 1] += 1e-9;
        // Cholesky: a = L Lᵀ (lower triangle in place).
        for (int j = 0; j < d; j++)
        {
            double sum = a[j, j];
            for (int k = 0; k < j; k++) sum -= a[j, k] * a[j, k];
            a[j, j] = Math.Sqrt(Math.Max(sum, 1e-12));
            for (int i = j + 1; i < d; i++)
            {
                double s = a[i, j];
                for (int k = 0; k < j; k++) s -= a[i, k] * a[j, k];
                a[i, j] = s / a[j, j];
            }
        }
        var z = new double[d];
        for (int i = 0; i < d; i++) { double s = b[i]; for (int k = 0; k < i; k++) s -= a[i, k] * z[k]; z[i] = s / a[i, i]; }
        var w = new double[d];
        for (int i = d - 1; i >= 0; i--) { double s = z[i]; for (int k = i + 1; k < d; k++) s -= a[k, i] * w[k]; w[i] = s / a[i, i]; }
        return w;
    }

    private static double Mse(double[][] x, double[][] y, int axis, double[] w)
    {
        double sum = 0;
        for (int n = 0; n < x.Length; n++)
        {
            double p = 0;
            for (int i = 0; i < w.Length; i++) p += x[n][i] * w[i];
            p = Math.Clamp(p, -1, 1);
            sum += (p - y[n][axis]) * (p - y[n][axis]);
        }
        return sum / x.Length;
    }
}
