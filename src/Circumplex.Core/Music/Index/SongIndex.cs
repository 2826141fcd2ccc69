using Circumplex.Affect;

namespace Circumplex.Music.Index;

/// <summary>
/// Exact k-nearest-neighbour search over songs' (v, a) points: an implicit 2-d tree (median split, leaves of
/// up to <see cref="LeafSize"/> points) stored in flat arrays. Results are ordered by (distance, id) — equal
/// distances are broken by ordinal id order, so the answer never depends on insertion order.
/// </summary>
public sealed class SongIndex
{
    public const int LeafSize = 12;
    public const int MaxK = 10_000;

    // Points in tree order. Key = the point's rank in ordinal id order: comparing ints breaks ties as ids would.
    private readonly double[] _v, _a;
    private readonly int[] _key;
    private readonly byte[] _splitDim;   // split dimension of the node whose median sits at this position
    private readonly string[] _idsByKey;

    public int Count => _v.Length;

    private SongIndex(double[] v, double[] a, int[] key, byte[] splitDim, string[] idsByKey)
    {
        _v = v; _a = a; _key = key; _splitDim = splitDim; _idsByKey = idsByKey;
    }

    public string IdAt(int rank) => _idsByKey[rank];

    public static SongIndex Build(IReadOnlyList<string> ids, IReadOnlyList<AffectPoint> points)
    {
        if (ids.Count != points.Count) throw new ArgumentException($"{ids.Count} ids but {points.Count} points");
        int n = ids.Count;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var sortedIds = ids.ToArray();
        Array.Sort(sortedIds, order, StringComparer.Ordinal);
        for (int i = 1; i < n; i++)
            if (string.Equals(sortedIds[i], sortedIds[i - 1], StringComparison.Ordinal))
                throw new ArgumentException($"song id {sortedIds[i]} appears twice");

        var v = new double[n];
        var a = new double[n];
        var key = new int[n];
        for (int r = 0; r < n; r++)
        {
            var p = points[order[r]];
            v[r] = p.Valence; a[r] = p.Arousal; key[r] = r;
        }
        var splitDim = new byte[n];
        BuildRange(v, a, key, splitDim, 0, n);
        return new SongIndex(v, a, key, splitDim, sortedIds);
    }

    private static void BuildRange(double[] v, double[] a, int[] key, byte[] dim, int lo, int hi)
    {
        while (hi - lo > LeafSize)
        {
            double minV = double.MaxValue, maxV = double.MinValue, minA = double.MaxValue, maxA = double.MinValue;
            for (int i = lo; i < hi; i++)
            {
                if (v[i] < minV) minV = v[i]; if (v[i] > maxV) maxV = v[i];
                if (a[i] < minA) minA = a[i]; if (a[i] > maxA) maxA = a[i];
            }
            byte d = (byte)(maxV - minV >= maxA - minA ? 0 : 1);
            int mid = (lo + hi) >>> 1;
            Select(d == 0 ? v : a, d == 0 ? a : v, key, lo, hi - 1, mid);
            dim[mid] = d;
            BuildRange(v, a, key, dim, lo, mid);
            lo = mid + 1; // loop on the right half instead of recursing: bounded stack depth
        }
    }

    /// <summary>Quickselect (Hoare, median of three) so that position k holds the k-th smallest coordinate.</summary>
    private static void Select(double[] x, double[] y, int[] key, int lo, int hi, int k)
    {
        while (hi > lo)
        {
            int m = (lo + hi) >>> 1;
            if (x[m] < x[lo]) Swap(x, y, key, m, lo);
            if (x[hi] < x[lo]) Swap(x, y, key, hi, lo);
            if (x[hi] < x[m]) Swap(x, y, key, hi, m);
            double pivot = x[m];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (x[i] < pivot) i++;
                while (x[j] > pivot) j--;
                if (i <= j) { Swap(x, y, key, i, j); i++; j--; }
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return;
        }
    }

    private static void Swap(double[] x, double[] y, int[] key, int i, int j)
    {
        (x[i], x[j]) = (x[j], x[i]);
        (y[i], y[j]) = (y[j], y[i]);
        (key[i], key[j]) = (key[j], key[i]);
    }

    /// <summary>The k songs nearest to the query, nearest first.</summary>
    public Neighbor[] Nearest(AffectPoint query, int k = 5)
    {
        if (k <= 0 || k > MaxK) throw new ArgumentOutOfRangeException(nameof(k), k, $"k must lie in 1..{MaxK}");
        int count = Math.Min(k, Count);
        if (count == 0) return [];
        var dist = count <= 64 ? stackalloc double[count] : new double[count];
        var keys = count <= 64 ? stackalloc int[count] : new int[count];
        int found = Search(query.Valence, query.Arousal, count, dist, keys);
        var result = new Neighbor[found];
        for (int i = 0; i < found; i++) result[i] = new Neighbor(keys[i], _idsByKey[keys[i]], Math.Sqrt(dist[i]));
        return result;
    }

    /// <summary>
    /// Answers many queries at once, in parallel; writes the id-order ranks of each query's k neighbours
    /// (nearest first) into <paramref name="ranks"/>, k per query.
    /// </summary>
    public void NearestBatch(ReadOnlySpan<AffectPoint> queries, int k, Span<int> ranks)
    {
        if (k <= 0 || k > Count) throw new ArgumentOutOfRangeException(nameof(k), k, $"batched k must lie in 1..{Count}");
        if (ranks.Length < queries.Length * k) throw new ArgumentException("ranks must hold k entries per query");
        var q = queries.ToArray();
        var output = new int[q.Length * k];
        int chunks = Math.Max(1, Math.Min(Environment.ProcessorCount * 4, q.Length / 256));
        Parallel.For(0, chunks, c =>
        {
            Span<double> dist = stackalloc double[Math.Min(k, 256)];
            Span<int> keys = stackalloc int[Math.Min(k, 256)];
            if (k > 256) { dist = new double[k]; keys = new int[k]; }
            int from = (int)((long)q.Length * c / chunks), to = (int)((long)q.Length * (c + 1) / chunks);
            for (int i = from; i < to; i++)
            {
                Search(q[i].Valence, q[i].Arousal, k, dist, keys);
                keys.CopyTo(output.AsSpan(i * k, k));
            }
        });
        output.CopyTo(ranks);
    }

    // Keeps the best candidates sorted by (distance², key) in dist/keys; returns how many were found.
    private int Search(double qv, double qa, int k, Span<double> dist, Span<int> keys)
    {
        int found = 0;
        Span<int> stackLo = stackalloc int[64];
        Span<int> stackHi = stackalloc int[64];
        Span<double> stackBound = stackalloc double[64];
        int top = 0;
        stackLo[0] = 0; stackHi[0] = Count; stackBound[0] = 0; top = 1;
        while (top > 0)
        {
            top--;
            int lo = stackLo[top], hi = stackHi[top];
            // Prune with <= is not enough for ties: a farther-side point at exactly the worst distance but with a
            // smaller id must still be seen, so skip only when strictly farther.
            if (found == k && stackBound[top] > dist[k - 1]) continue;
            while (hi - lo > LeafSize)
            {
                int mid = (lo + hi) >>> 1;
                double diff = _splitDim[mid] == 0 ? qv - _v[mid] : qa - _a[mid];
                Consider(mid, qv, qa, k, dist, keys, ref found);
                double bound = diff * diff;
                if (diff < 0)
                {
                    stackLo[top] = mid + 1; stackHi[top] = hi; stackBound[top] = bound; top++;
                    hi = mid;
                }
                else
                {
                    stackLo[top] = lo; stackHi[top] = mid; stackBound[top] = bound; top++;
                    lo = mid + 1;
                }
            }
            for (int i = lo; i < hi; i++) Consider(i, qv, qa, k, dist, keys, ref found);
        }
        return found;
    }

    private void Consider(int i, double qv, double qa, int k, Span<double> dist, Span<int> keys, ref int found)
    {
        double dv = qv - _v[i], da = qa - _a[i];
        double d = dv * dv + da * da;
        int key = _key[i];
        if (found == k && (d > dist[k - 1] || (d == dist[k - 1] && key > keys[k - 1]))) return;
        int pos = found < k ? found++ : k - 1;
        while (pos > 0 && (dist[pos - 1] > d || (dist[pos - 1] == d && keys[pos - 1] > key)))
        {
            dist[pos] = dist[pos - 1]; keys[pos] = keys[pos - 1];
            pos--;
        }
        dist[pos] = d; keys[pos] = key;
    }
}
