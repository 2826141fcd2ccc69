using Circumplex.Affect;
using Circumplex.Emotion;

namespace Circumplex.Web.Tests;

/// <summary>
/// The fake analyzer's tree (tests only; the product names emotions with a trained model's tree or not at all): a CART
/// tree fitted to a grid labelled by the nearest class centroid, the mean (valence, arousal) of each expression in the
/// AffectNet subset of shared/data. Fixed here so the API and page tests do not need a model or shared data for it.
/// </summary>
public static class CentroidEmotionTree
{
    public static IReadOnlyList<(Expression Expression, AffectPoint Centroid)> Centroids { get; } =
    [
        (Expression.Neutral, new AffectPoint(-0.024, -0.021)),
        (Expression.Happy, new AffectPoint(0.683, 0.087)),
        (Expression.Sad, new AffectPoint(-0.623, -0.275)),
        (Expression.Surprise, new AffectPoint(0.180, 0.695)),
        (Expression.Fear, new AffectPoint(-0.116, 0.764)),
        (Expression.Disgust, new AffectPoint(-0.670, 0.446)),
        (Expression.Anger, new AffectPoint(-0.422, 0.543)),
        (Expression.Contempt, new AffectPoint(-0.514, 0.577)),
    ];

    private static readonly Lazy<EmotionTree> Tree = new(Build);

    public static EmotionTree Instance => Tree.Value;

    public static Expression Nearest(AffectPoint p)
    {
        var best = Centroids[0];
        double bestDistance = double.MaxValue;
        foreach (var c in Centroids)
        {
            double d = p.DistanceTo(c.Centroid);
            if (d < bestDistance) { bestDistance = d; best = c; }
        }
        return best.Expression;
    }

    private static EmotionTree Build()
    {
        const int n = 121;
        var samples = new List<LabelledAffect>(n * n);
        for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
        {
            var p = new AffectPoint(-1 + 2.0 * i / (n - 1), -1 + 2.0 * j / (n - 1));
            samples.Add(new LabelledAffect(p, Nearest(p)));
        }
        return CartTrainer.Fit(samples, new TreeHyperParameters(MaxDepth: 15, MinSamplesSplit: 5, MinSamplesLeaf: 1));
    }
}
