using Circumplex.Affect;
using Circumplex.Emotion;
using Xunit;

namespace Circumplex.Tests.Emotion;

public class EmotionNamingTests
{
    // A noisy four-quadrant set: deep trees cut it into many same-coloured slivers.
    private static List<LabelledAffect> NoisyQuadrants(int perClass, int seed)
    {
        var rng = new Random(seed);
        var list = new List<LabelledAffect>();
        Expression[] labels = [Expression.Happy, Expression.Anger, Expression.Sad, Expression.Neutral];
        for (int i = 0; i < perClass * 4; i++)
        {
            double v = rng.NextDouble() * 2 - 1, a = rng.NextDouble() * 2 - 1;
            int quadrant = v >= 0 ? (a >= 0 ? 0 : 3) : (a >= 0 ? 1 : 2);
            var label = rng.NextDouble() < 0.15 ? labels[rng.Next(4)] : labels[quadrant];
            list.Add(new(new AffectPoint(v, a), label));
        }
        return list;
    }

    private static EmotionTree QuadrantTree() => CartTrainer.Fit(NoisyQuadrants(60, 1), new TreeHyperParameters(2, 2, 1));

    [Fact]
    public void Pruning_keeps_every_name_and_removes_splits_that_change_none()
    {
        var deep = CartTrainer.Fit(NoisyQuadrants(100, 2), new TreeHyperParameters(12, 2, 1));
        var pruned = deep.Pruned();
        Assert.True(pruned.NodeCount <= deep.NodeCount);
        var rng = new Random(3);
        for (int i = 0; i < 5000; i++)
        {
            var p = new AffectPoint(rng.NextDouble() * 2 - 1, rng.NextDouble() * 2 - 1);
            Assert.Equal(deep.Predict(p), pruned.Predict(p));
        }
        // No split is left whose two children are leaves naming the same emotion.
        for (int n = 0; n < pruned.NodeCount; n++)
            if (pruned.Feature[n] != -1 && pruned.Feature[pruned.Left[n]] == -1 && pruned.Feature[pruned.Right[n]] == -1)
                Assert.NotEqual(pruned.Label[pruned.Left[n]], pruned.Label[pruned.Right[n]]);
    }

    [Fact]
    public void A_leaf_cap_keeps_only_trees_that_are_a_few_regions()
    {
        var (tree, grid) = EmotionTreeSearch.Search(NoisyQuadrants(100, 4), folds: 5, depths: [2, 4, 12], minSplits: [2], minLeaves: [1, 20], maxLeaves: 8);
        Assert.True(tree.LeafCount <= 8, $"{tree.LeafCount} leaves");
        Assert.DoesNotContain(grid, r => r.HyperParameters is { MaxDepth: 12, MinSamplesLeaf: 1 });
        Assert.Throws<ArgumentException>(() => EmotionTreeSearch.Search(NoisyQuadrants(100, 4), depths: [12], minSplits: [2], minLeaves: [1], maxLeaves: 2));
    }

    [Fact]
    public void Regions_tile_the_plane_and_agree_with_the_tree()
    {
        var tree = CartTrainer.Fit(NoisyQuadrants(100, 5), new TreeHyperParameters(6, 2, 5)).Pruned();
        var regions = new EmotionRegions(tree);
        Assert.Equal(4.0, regions.Boxes.Sum(b => b.Area), 9);
        foreach (var box in regions.Boxes)
        {
            var centre = new AffectPoint((box.MinValence + box.MaxValence) / 2, (box.MinArousal + box.MaxArousal) / 2);
            Assert.Equal(box.Emotion, tree.Predict(centre));
        }
    }

    [Fact]
    public void Moving_into_a_region_takes_the_nearest_point_of_it_and_leaves_points_already_there()
    {
        var tree = QuadrantTree();
        var regions = new EmotionRegions(tree);
        var happyPoint = new AffectPoint(0.5, 0.5);
        Assert.Equal(happyPoint, regions.MoveInto(happyPoint, Expression.Happy));

        var moved = regions.MoveInto(happyPoint, Expression.Anger);
        Assert.NotNull(moved);
        Assert.Equal(Expression.Anger, tree.Predict(moved!.Value));
        Assert.Equal(0.5, moved.Value.Arousal, 6); // straight across the valence boundary, not to the region's centre
        Assert.InRange(happyPoint.DistanceTo(moved.Value), 0.5, 0.5 + 0.2);
        Assert.Null(regions.MoveInto(happyPoint, Expression.Contempt)); // the tree gives contempt no region
    }

    [Fact]
    public void The_head_names_the_emotion_and_the_point_is_drawn_in_its_region()
    {
        var tree = QuadrantTree();
        var byHead = new EmotionNaming(tree, EmotionNamingMethod.Head);
        float[] logits = new float[Expressions.Count];
        logits[(int)Expression.Sad] = 5;
        var reading = byHead.Name(new AffectPoint(0.4, 0.3), logits);
        Assert.Equal(Expression.Sad, reading.Emotion);
        Assert.Equal(Expression.Sad, tree.Predict(reading.Point));
        Assert.Equal(new AffectPoint(0.4, 0.3), reading.Regression);
        Assert.Equal(1.0, reading.Probabilities!.Sum(), 5);
        Assert.True(reading.Probabilities![(int)Expression.Sad] > 0.9);
    }

    [Fact]
    public void Without_a_region_for_the_heads_choice_or_without_a_head_the_tree_names_the_regressed_point()
    {
        var tree = QuadrantTree();
        var byHead = new EmotionNaming(tree, EmotionNamingMethod.Head);
        float[] logits = new float[Expressions.Count];
        logits[(int)Expression.Contempt] = 5;
        var point = new AffectPoint(0.4, 0.3);
        Assert.Equal(tree.Predict(point), byHead.Name(point, logits).Emotion);
        Assert.Equal(point, byHead.Name(point, logits).Point);
        Assert.Equal(tree.Predict(point), byHead.Name(point, []).Emotion);
        Assert.Null(byHead.Name(point, []).Probabilities);
        // A restricted choice (a 7-class set) never names a class outside it.
        logits[(int)Expression.Sad] = 4;
        Assert.Equal(Expression.Sad, byHead.Name(point, logits, new HashSet<Expression> { Expression.Sad, Expression.Happy }).Emotion);
    }

    [Fact]
    public void Tree_naming_ignores_the_head()
    {
        var tree = QuadrantTree();
        var byTree = new EmotionNaming(tree, EmotionNamingMethod.Tree);
        float[] logits = new float[Expressions.Count];
        logits[(int)Expression.Sad] = 5;
        var point = new AffectPoint(0.4, 0.3);
        var reading = byTree.Name(point, logits);
        Assert.Equal(Expression.Happy, reading.Emotion);
        Assert.Equal(point, reading.Point);
    }
}
