namespace Circumplex.Emotion;

/// <summary>One grid point of the hyper-parameter search with its mean cross-validated accuracy.</summary>
public sealed record TreeSearchResult(TreeHyperParameters HyperParameters, double CrossValidatedAccuracy);

/// <summary>
/// Grid search over CART hyper-parameters with stratified k-fold cross-validation, as the paper did with
/// scikit-learn's GridSearchCV; the winner is refitted on all samples and pruned of splits that change no name.
/// With a leaf cap, only trees that stay a few drawable regions compete.
/// </summary>
public static class EmotionTreeSearch
{
    public static readonly int[] DefaultDepths = [3, 5, 8, 10, 15, 20];
    public static readonly int[] DefaultMinSplits = [2, 5, 10, 20];
    public static readonly int[] DefaultMinLeaves = [1, 5, 10, 15, 30];

    /// <summary>The product's tree: at most this many leaves (each emotion a few contiguous boxes on the page).</summary>
    public const int ProductMaxLeaves = 30;
    public static readonly int[] ProductDepths = [2, 3, 4, 5, 6, 8, 10];
    public static readonly int[] ProductMinSplits = [2, 10, 40];
    public static readonly int[] ProductMinLeaves = [5, 10, 20, 40, 80];

    public static (EmotionTree Tree, IReadOnlyList<TreeSearchResult> Grid) Search(
        IReadOnlyList<LabelledAffect> samples, int folds = 5, int seed = 0,
        int[]? depths = null, int[]? minSplits = null, int[]? minLeaves = null, int? maxLeaves = null)
    {
        if (folds < 2) throw new ArgumentOutOfRangeException(nameof(folds), folds, "cross-validation needs at least 2 folds");
        if (samples.Count < folds) throw new ArgumentException($"{samples.Count} samples cannot be split into {folds} folds");
        int[] fold = StratifiedFolds(samples, folds, seed);
        var results = new List<TreeSearchResult>();
        foreach (int d in depths ?? DefaultDepths)
        foreach (int s in minSplits ?? DefaultMinSplits)
        foreach (int l in minLeaves ?? DefaultMinLeaves)
        {
            var hp = new TreeHyperParameters(d, s, l);
            double sum = 0;
            for (int k = 0; k < folds; k++)
            {
                var train = new List<LabelledAffect>();
                var test = new List<LabelledAffect>();
                for (int i = 0; i < samples.Count; i++) (fold[i] == k ? test : train).Add(samples[i]);
                sum += CartTrainer.Fit(train, hp).Accuracy(test);
            }
            // A tree that cannot be drawn as a few regions is not a candidate, however well it scores.
            if (maxLeaves is int cap && CartTrainer.Fit(samples, hp).Pruned().LeafCount > cap) continue;
            results.Add(new TreeSearchResult(hp, sum / folds));
        }
        if (results.Count == 0) throw new ArgumentException($"no grid point gives a tree of at most {maxLeaves} leaves; allow shallower trees or larger leaves");
        // Highest accuracy wins; among equals the simplest tree (shallow, large leaves) so the choice is stable.
        var best = results
            .OrderByDescending(r => Math.Round(r.CrossValidatedAccuracy, 12))
            .ThenBy(r => r.HyperParameters.MaxDepth)
            .ThenByDescending(r => r.HyperParameters.MinSamplesLeaf)
            .ThenByDescending(r => r.HyperParameters.MinSamplesSplit)
            .First();
        return (CartTrainer.Fit(samples, best.HyperParameters).Pruned(), results);
    }

    private static int[] StratifiedFolds(IReadOnlyList<LabelledAffect> samples, int folds, int seed)
    {
        var rng = new Random(seed);
        var fold = new int[samples.Count];
        foreach (var group in Enumerable.Range(0, samples.Count).GroupBy(i => samples[i].Expression).OrderBy(g => g.Key))
        {
            int[] members = group.ToArray();
            rng.Shuffle(members);
            for (int j = 0; j < members.Length; j++) fold[members[j]] = j % folds;
        }
        return fold;
    }
}
