using Circumplex.Affect;
using Circumplex.Models;
using Circumplex.Models.Networks;
using Circumplex.Training.Trainer;
using TorchSharp;
using static TorchSharp.torch;

namespace Circumplex.Training.Heads;

/// <summary>What the expression-head refit chose and how each penalty scored on the validation faces.</summary>
public sealed record ExpressionHeadRefitResult(int TrainFaces, int ValidationFaces, double PreviousAccuracy,
    IReadOnlyList<(double Lambda, double Accuracy)> Scores, double? ChosenLambda)
{
    public bool Replaced => ChosenLambda is not null;
}

/// <summary>
/// Re-learns a ResNet18 1×2's expression rows on the faces the product reads (the sharp, eight-class training faces
/// with (v, a)), with the backbone fixed: the classifier re-training of Kang et al. (2020, "Decoupling representation
/// and classifier"). The head was trained on a mix that a large categorical set dominates (FER2013: blurred, grey, no
/// contempt); this pulls it towards the target faces while an L2 penalty towards the trained rows keeps what the mix
/// taught — a large penalty leaves the head as it was, a small one fits the target faces alone. The penalty is
/// chosen on the validation faces, and the rows are replaced only when that choice names more of them correctly.
/// A model that reads faces mirrored too is refitted and judged on the mean features of each face and its mirror.
/// </summary>
public static class ExpressionHeadRefit
{
    public static readonly double[] Lambdas = [1e-3, 1e-2, 1e-1, 1];
    private const int Steps = 300;

    public static ExpressionHeadRefitResult Refit(AffectNetwork network, ModelMetadata meta, TrainingSet train, TrainingSet validation)
    {
        if (network.Architecture != Architecture.ResNet18 || network.Design != Design.OneByTwo || network.ExtraOutputs != Expressions.Count)
            throw new ArgumentException("the expression-head refit is for a ResNet18 1×2 with an expression head");
        var resnet = (ResNet18)network.Networks[0];
        var (xt, yt) = Labelled(resnet, meta, train);
        var (xv, yv) = Labelled(resnet, meta, validation);
        if (yt.shape[0] == 0 || yv.shape[0] == 0)
            throw new ArgumentException("the expression-head refit needs training and validation faces with (v, a) and an expression");
        var parameters = resnet.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var weight = parameters["head.weight"];
        var bias = parameters["head.bias"];
        using var w0 = weight.narrow(0, 2, Expressions.Count).detach().clone();
        using var b0 = bias.narrow(0, 2, Expressions.Count).detach().clone();
        double previous = Accuracy(xv, yv, w0, b0);
        var fits = Lambdas.Select(l => (Lambda: l, Fit: Fit(xt, yt, w0, b0, l))).ToList();
        var scores = fits.Select(f => (f.Lambda, Accuracy(xv, yv, f.Fit.W, f.Fit.B))).ToList();
        // Ties go to the larger penalty: the head closer to what training made.
        var best = scores.OrderByDescending(s => s.Item2).ThenByDescending(s => s.Lambda).First();
        double? chosen = best.Item2 > previous ? best.Lambda : null;
        if (chosen is double lambda)
        {
            var (w, b) = fits.Single(f => f.Lambda == lambda).Fit;
            using var _ = no_grad();
            weight.narrow(0, 2, Expressions.Count).copy_(w);
            bias.narrow(0, 2, Expressions.Count).copy_(b);
        }
        var result = new ExpressionHeadRefitResult((int)yt.shape[0], (int)yv.shape[0], previous, scores, chosen);
        foreach (var (_, (w, b)) in fits) { w.Dispose(); b.Dispose(); }
        xt.Dispose(); yt.Dispose(); xv.Dispose(); yv.Dispose();
        return result;
    }

    private static (Tensor X, Tensor Y) Labelled(ResNet18 network, ModelMetadata meta, TrainingSet set)
    {
        var (features, samples) = PooledFeatures.Read(network, meta, set, s => s.HasAffect && s.Expression is not null, mirrored: meta.TestTimeFlip);
        int d = features.FirstOrDefault()?.Length ?? ResNet18.FeatureSize;
        return (torch.tensor(features.SelectMany(f => f).ToArray(), [features.Length, d]),
                torch.tensor(samples.Select(s => (long)s.Expression!.Value).ToArray()));
    }

    /// <summary>Full-batch Adam on mean cross-entropy + λ·‖W − W₀‖², from the trained rows (deterministic).</summary>
    private static (Tensor W, Tensor B) Fit(Tensor x, Tensor y, Tensor w0, Tensor b0, double lambda)
    {
        var w = new TorchSharp.Modules.Parameter(w0.clone());
        var b = new TorchSharp.Modules.Parameter(b0.clone());
        var optimizer = torch.optim.Adam([w, b], lr: 1e-2);
        for (int step = 0; step < Steps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(x.matmul(w.t()) + b, y) + lambda * (w - w0).pow(2).sum();
            loss.backward();
            optimizer.step();
        }
        return (w.detach(), b.detach());
    }

    private static double Accuracy(Tensor x, Tensor y, Tensor w, Tensor b)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return (x.matmul(w.t()) + b).argmax(1).eq(y).to(ScalarType.Float64).mean().item<double>();
    }
}
