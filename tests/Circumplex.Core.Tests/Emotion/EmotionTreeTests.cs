using Circumplex.Affect;
using Circumplex.Emotion;
using Xunit;

namespace Circumplex.Tests.Emotion;

public class EmotionTreeTests
{
    // Four quadrant classes: a depth-2 tree separates them exactly.
    private static List<LabelledAffect> Quadrants(int perClass, int seed)
    {
        var rng = new Random(seed);
        var list = new List<LabelledAffect>();
        for (int i = 0; i < perClass; i++)
        {
            double x = 0.05 + rng.NextDouble() * 0.9, y = 0.05 + rng.NextDouble() * 0.9;
            list.Add(new(new AffectPoint(x, y), Expression.Happy));
            list.Add(new(new AffectPoint(-x, y), Expression.Anger));
            list.Add(new(new AffectPoint(-x, -y), Expression.Sad));
            list.Add(new(new AffectPoint(x, -y), Expression.Neutral));
        }
        return list;
    }

    [Fact]
    public void Fits_separable_quadrants_exactly_with_splits_at_zero()
    {
        var tree = CartTrainer.Fit(Quadrants(50, 1), new TreeHyperParameters(5, 2, 1));
        Assert.Equal(1.0, tree.Accuracy(Quadrants(50, 2)));
        Assert.Equal(2, tree.Depth);
        Assert.Equal(Expression.Happy, tree.Predict(new AffectPoint(0.9, 0.9)));
        Assert.Equal(Expression.Sad, tree.Predict(new AffectPoint(-0.9, -0.9)));
        Assert.InRange(tree.Threshold[0], -0.1, 0.1);
    }

    [Fact]
    public void Max_depth_and_min_leaf_are_respected()
    {
        var noisy = Quadrants(40, 3);
        var rng = new Random(4);
        for (int i = 0; i < noisy.Count; i += 7) noisy[i] = noisy[i] with { Expression = (Expression)rng.Next(8) };
        var shallow = CartTrainer.Fit(noisy, new TreeHyperParameters(1, 2, 1));
        Assert.Equal(1, shallow.Depth);
        var bigLeaves = CartTrainer.Fit(noisy, new TreeHyperParameters(20, 2, 30));
        // Every leaf must hold at least 30 of the 160 samples, so at most 5 leaves (9 nodes).
        Assert.True(bigLeaves.NodeCount <= 9, $"{bigLeaves.NodeCount} nodes");
    }

    [Fact]
    public void Json_round_trip_predicts_identically()
    {
        var tree = CartTrainer.Fit(Quadrants(30, 5), new TreeHyperParameters(15, 5, 15));
        var back = EmotionTree.FromJson(tree.ToJson());
        Assert.Equal(tree.HyperParameters, back.HyperParameters);
        var rng = new Random(6);
        for (int i = 0; i < 500; i++)
        {
            var p = new AffectPoint(rng.NextDouble() * 2 - 1, rng.NextDouble() * 2 - 1);
            Assert.Equal(tree.Predict(p), back.Predict(p));
        }
    }

    [Fact]
    public void Corrupt_json_gets_a_clear_error()
    {
        Assert.Throws<FormatException>(() => EmotionTree.FromJson("{not json"));
        var ex = Assert.Throws<ArgumentException>(() => EmotionTree.FromJson(
            """{"feature":[0],"threshold":[0],"left":[0],"right":[0],"label":[1],"hyperParameters":{"maxDepth":1,"minSamplesSplit":2,"minSamplesLeaf":1}}"""));
        Assert.Contains("outside the tree", ex.Message);
        Assert.Throws<ArgumentException>(() => EmotionTree.FromJson(
            """{"feature":[-1],"threshold":[0],"left":[-1],"right":[-1],"label":[9],"hyperParameters":{"maxDepth":1,"minSamplesSplit":2,"minSamplesLeaf":1}}"""));
    }

    [Fact]
    public void Grid_search_picks_a_tree_that_generalises()
    {
        var (tree, grid) = EmotionTreeSearch.Search(Quadrants(25, 7), folds: 5, depths: [1, 2, 4], minSplits: [2, 5], minLeaves: [1, 5]);
        Assert.Equal(12, grid.Count);
        Assert.True(grid.Max(r => r.CrossValidatedAccuracy) > 0.95);
        Assert.True(grid.Where(r => r.HyperParameters.MaxDepth == 1).All(r => r.CrossValidatedAccuracy < 0.6));
        Assert.True(tree.Accuracy(Quadrants(25, 8)) > 0.95);
    }

    [Fact]
    public void Bad_hyper_parameters_and_empty_data_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CartTrainer.Fit(Quadrants(2, 1), new TreeHyperParameters(0, 2, 1)));
        Assert.Throws<ArgumentException>(() => CartTrainer.Fit([], new TreeHyperParameters(3, 2, 1)));
    }
}
