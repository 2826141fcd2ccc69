using Circumplex.Affect;

namespace Circumplex.Emotion;

/// <summary>
/// Fits a classification tree (CART, Gini impurity, best split over both features at every node), as
/// scikit-learn's DecisionTreeClassifier does for continuous features: thresholds at midpoints between
/// neighbouring distinct values; ties between equally good splits go to the first found (valence before arousal,
/// smaller threshold first) so that fitting is deterministic.
/// </summary>
public static class CartTrainer
{
    public static EmotionTree Fit(IReadOnlyList<LabelledAffect> samples, TreeHyperParameters hp)
    {
        hp.Validate();
        if (samples.Count == 0) throw new ArgumentException("cannot fit an emotion tree on zero samples");
        var v = new double[samples.Count];
        var a = new double[samples.Count];
        var y = new int[samples.Count];
        for (int i = 0; i < samples.Count; i++)
        {
            v[i] = samples[i].Point.Valence;
            a[i] = samples[i].Point.Arousal;
            y[i] = (int)samples[i].Expression;
        }
        var builder = new Builder(v, a, y, hp);
        builder.Grow(Enumerable.Range(0, samples.Count).ToArray(), 0);
        return builder.ToTree();
    }

    private sealed class Builder(double[] v, double[] a, int[] y, TreeHyperParameters hp)
    {
        private readonly List<int> _feature = [], _left = [], _right = [], _label = [];
        private readonly List<double> _threshold = [];

        public EmotionTree ToTree() => new([.. _feature], [.. _threshold], [.. _left], [.. _right], [.. _label], hp);

        public int Grow(int[] idx, int depth)
        {
            int node = _feature.Count;
            var counts = new int[Expressions.Count];
            foreach (int i in idx) counts[y[i]]++;
            _feature.Add(-1); _threshold.Add(0); _left.Add(-1); _right.Add(-1); _label.Add(Majority(counts));

            bool pure = counts.Count(c => c > 0) <= 1;
            if (pure || depth >= hp.MaxDepth || idx.Length < hp.MinSamplesSplit || idx.Length < 2 * hp.MinSamplesLeaf)
                return node;
            if (!TryBestSplit(idx, counts, out int feature, out double threshold)) return node;

            double[] x = feature == 0 ? v : a;
            int[] leftIdx = idx.Where(i => x[i] <= threshold).ToArray();
            int[] rightIdx = idx.Where(i => x[i] > threshold).ToArray();
            _feature[node] = feature;
            _threshold[node] = threshold;
            _left[node] = Grow(leftIdx, depth + 1);
            _right[node] = Grow(rightIdx, depth + 1);
            return node;
        }

        private static int Majority(int[] counts)
        {
            int best = 0;
            for (int c = 1; c < counts.Length; c++) if (counts[c] > counts[best]) best = c;
            return best;
        }

        private static double Gini(int[] counts, int n)
        {
            if (n == 0) return 0;
            double sum = 0;
            foreach (int c in counts) { double p = (double)c / n; sum += p * p; }
            return 1 - sum;
        }

        private bool TryBestSplit(int[] idx, int[] parentCounts, out int bestFeature, out double bestThreshold)
        {
            int n = idx.Length;
            double bestScore = Gini(parentCounts, n) * n - 1e-12; // a split must strictly lower weighted impurity
            bestFeature = -1; bestThreshold = 0;
            var sorted = new int[n];
            var leftCounts = new int[Expressions.Count];
            var rightCounts = new int[Expressions.Count];
            for (int f = 0; f < 2; f++)
            {
                double[] x = f == 0 ? v : a;
                idx.CopyTo(sorted, 0);
                Array.Sort(sorted, (p, q) => x[p].CompareTo(x[q]));
                Array.Clear(leftCounts);
                Array.Copy(parentCounts, rightCounts, rightCounts.Length);
                for (int k = 0; k < n - 1; k++)
                {
                    int c = y[sorted[k]];
                    leftCounts[c]++; rightCounts[c]--;
                    int nl = k + 1, nr = n - nl;
                    double here = x[sorted[k]], next = x[sorted[k + 1]];
                    if (here == next || nl < hp.MinSamplesLeaf || nr < hp.MinSamplesLeaf) continue;
                    double score = Gini(leftCounts, nl) * nl + Gini(rightCounts, nr) * nr;
                    if (score < bestScore)
                    {
                        bestScore = score;
                        bestFeature = f;
                        bestThreshold = here + (next - here) / 2;
                    }
                }
            }
            return bestFeature >= 0;
        }
    }
}
