using Circumplex.Affect;

namespace Circumplex.Emotion;

/// <summary>Which evidence names the emotion (stored with the model; chosen by measuring both on validation data).</summary>
public enum EmotionNamingMethod
{
    /// <summary>The paper's way: the decision tree at the regressed (valence, arousal).</summary>
    Tree,
    /// <summary>The expression head's most probable class, with the regressed point moved into that class's region.</summary>
    Head,
}

/// <summary>What the product shows for one face: the point it draws, the emotion it names, and the raw estimate.</summary>
/// <param name="Point">Where the face is drawn: always inside the region of <paramref name="Emotion"/>.</param>
/// <param name="Regression">The network's (valence, arousal), what Table 2 measures.</param>
/// <param name="Probabilities">The expression head's class probabilities (8, in expression order), or null.</param>
public sealed record AffectReading(AffectPoint Point, Expression Emotion, AffectPoint Regression, float[]? Probabilities);

/// <summary>
/// Names the emotion of one face under the product's single rule: the emotion named is the region of the tree in which
/// the point is drawn. With <see cref="EmotionNamingMethod.Head"/> the head picks the emotion and the point moves the
/// shortest way into its region; when the tree gives that emotion no region, the tree names the regressed point.
/// </summary>
public sealed class EmotionNaming(EmotionTree tree, EmotionNamingMethod method)
{
    private readonly EmotionRegions regions = new(tree);

    public EmotionTree Tree => tree;
    public EmotionNamingMethod Method => method;
    public EmotionRegions Regions => regions;

    /// <param name="logits">The head's 8 logits, or empty for a model without a head.</param>
    /// <param name="allowed">Classes the head may choose among (evaluation on a 7-class set); null for all eight.</param>
    public AffectReading Name(AffectPoint regression, ReadOnlySpan<float> logits, IReadOnlySet<Expression>? allowed = null)
    {
        float[]? probabilities = logits.Length == Expressions.Count ? Softmax(logits) : null;
        if (method == EmotionNamingMethod.Head && probabilities is not null)
        {
            int best = -1;
            for (int c = 0; c < probabilities.Length; c++)
                if ((allowed is null || allowed.Contains((Expression)c)) && (best < 0 || probabilities[c] > probabilities[best])) best = c;
            if (best >= 0 && regions.MoveInto(regression, (Expression)best) is AffectPoint moved)
                return new AffectReading(moved, (Expression)best, regression, probabilities);
        }
        return new AffectReading(regression, tree.Predict(regression), regression, probabilities);
    }

    private static float[] Softmax(ReadOnlySpan<float> logits)
    {
        float max = float.NegativeInfinity;
        foreach (float l in logits) max = Math.Max(max, l);
        var p = new float[logits.Length];
        double sum = 0;
        for (int i = 0; i < p.Length; i++) sum += p[i] = MathF.Exp(logits[i] - max);
        for (int i = 0; i < p.Length; i++) p[i] = (float)(p[i] / sum);
        return p;
    }
}
