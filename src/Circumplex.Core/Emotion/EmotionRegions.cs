using Circumplex.Affect;

namespace Circumplex.Emotion;

/// <summary>One leaf of an emotion tree as the box of the circumplex it covers (inclusive on the upper edges, as the
/// tree sends x ≤ threshold left).</summary>
public readonly record struct EmotionBox(Expression Emotion, double MinValence, double MaxValence, double MinArousal, double MaxArousal)
{
    public double Area => (MaxValence - MinValence) * (MaxArousal - MinArousal);
}

/// <summary>
/// The emotion tree's regions on the [-1, 1]² plane: the boxes of its leaves. Lets the product move a point into the
/// region of the emotion it names, so that the emotion named is always the region the point is drawn in.
/// </summary>
public sealed class EmotionRegions
{
    /// <summary>How far inside a box a moved point lands (a boundary point would belong to its neighbour).</summary>
    public const double Inset = 0.005;

    public EmotionRegions(EmotionTree tree)
    {
        Tree = tree ?? throw new ArgumentNullException(nameof(tree));
        var boxes = new List<EmotionBox>();
        Collect(0, -1, 1, -1, 1, boxes);
        Boxes = boxes;
    }

    public EmotionTree Tree { get; }
    public IReadOnlyList<EmotionBox> Boxes { get; }

    /// <summary>Emotions that own at least one box of positive area.</summary>
    public IReadOnlySet<Expression> Named => Boxes.Where(b => b.Area > 0).Select(b => b.Emotion).ToHashSet();

    private void Collect(int node, double v0, double v1, double a0, double a1, List<EmotionBox> boxes)
    {
        if (Tree.Feature[node] == -1)
        {
            if (v1 > v0 && a1 > a0) boxes.Add(new EmotionBox((Expression)Tree.Label[node], v0, v1, a0, a1));
            return;
        }
        double t = Tree.Threshold[node];
        if (Tree.Feature[node] == 0)
        {
            Collect(Tree.Left[node], v0, Math.Min(v1, t), a0, a1, boxes);
            Collect(Tree.Right[node], Math.Max(v0, t), v1, a0, a1, boxes);
        }
        else
        {
            Collect(Tree.Left[node], v0, v1, a0, Math.Min(a1, t), boxes);
            Collect(Tree.Right[node], v0, v1, Math.Max(a0, t), a1, boxes);
        }
    }

    /// <summary>
    /// The point itself when the tree already names <paramref name="emotion"/> there, else the nearest point inside
    /// one of that emotion's boxes; null when the tree gives the emotion no region at all.
    /// </summary>
    public AffectPoint? MoveInto(AffectPoint point, Expression emotion)
    {
        if (Tree.Predict(point) == emotion) return point;
        AffectPoint? best = null;
        double bestDistance = double.PositiveInfinity;
        foreach (var box in Boxes)
        {
            if (box.Emotion != emotion) continue;
            var candidate = new AffectPoint(Inside(point.Valence, box.MinValence, box.MaxValence), Inside(point.Arousal, box.MinArousal, box.MaxArousal));
            // Rounding at a shared edge can still fall to the neighbour: keep only points the tree names as wanted.
            if (Tree.Predict(candidate) != emotion) continue;
            double d = point.DistanceTo(candidate);
            if (d < bestDistance) (best, bestDistance) = (candidate, d);
        }
        return best;
    }

    private static double Inside(double x, double min, double max)
    {
        double inset = Math.Min(Inset, (max - min) / 2);
        return Math.Clamp(x, min + inset, max - inset);
    }
}
