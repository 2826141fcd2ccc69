using Circumplex.Affect;
using Circumplex.Emotion;

namespace Circumplex.Web;

/// <summary>
/// The emotion namer used when no model (with its own trained tree) is loaded: a CART tree fitted to a fine grid
/// labelled by the nearest class centroid. The centroids are the mean (valence, arousal) of each expression in the
/// 2,400-face AffectNet validation subset of shared/data (300 faces per class). An approximation for drawing regions
/// and naming a hand-placed point; a trained model's tree replaces it.
/// </summary>
public static class DefaultEmotionTree
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
