using Circumplex.Affect;

namespace Circumplex.Music.Index;

/// <summary>
/// Exact k-nearest-neighbour search over songs' (v, a) points with a uniform grid over the circumplex square
/// (about <see cref="PointsPerCell"/> songs per cell, cells stored contiguously). A query scans rings of cells
/// around its own until no unseen cell can hold anything nearer. Results are ordered by (distance, id): equal
/// distances are broken by ordinal id order, so the answer never depends on import order.
/// </summary>
public sealed class SongIndex
{
    public const int PointsPerCell = 3;
    public const int MaxK = 10_000;

    private readonly int _side;          // cells per axis
    private readonly double _cellSize;   // 2 / _side
    private readonly int[] _cellStart;   // CSR: points of cell c are at [_cellStart[c], _cellStart[c + 1])
    private readonly double[] _v, _a;    // points in cell order
    private readonly int[] _position;    // each point's index in the input lists
    private readonly int[] _slot;        // by input position: where its point is in cell order
    private readonly string[] _ids;      // by input position

    public int Count => _ids.Length;

    private SongIndex(int side, int[] cellStart, double[] v, double[] a, int[] position, string[] ids)
    {
        _side = side; _cellSize = 2.0 / side; _cellStart = cellStart; _v = v; _a = a; _position = position; _ids = ids;
        _slot = new int[position.Length];
        for (int slot = 0; slot < position.Length; slot++) _slot[position[slot]] = slot;
    }

    public string IdAt(int position) => _ids[position];

    public AffectPoint PointAt(int position) => new(_v[_slot[position]], _a[_slot[position]]);

    public static SongIndex Build(IReadOnlyList<string> ids, IReadOnlyList<AffectPoint> points)
    {
        if (ids.Count != points.Count) throw new ArgumentException($"{ids.Count} ids but {points.Count} points");
        int n = ids.Count;
        var unique = new HashSet<string>(n, StringComparer.Ordinal);
        foreach (var id in ids)
            if (!unique.Add(id)) throw new ArgumentException($"song id {id} appears twice");

        int side = Math.Max(1, (int)Math.Sqrt((double)n / PointsPerCell));
        var cellOf = new int[n];
        var cellStart = new int[side * side + 1];
        for (int i = 0; i < n; i++)
        {
            int c = CellOf(points[i].Arousal, side) * side + CellOf(points[i].Valence, side);
            cellOf[i] = c;
            cellStart[c + 1]++;
        }
        for (int c = 0; c < side * side; c++) cellStart[c + 1] += cellStart[c];
        var fill = cellStart[..^1].ToArray();
        var v = new double[n];
        var a = new double[n];
        var position = new int[n];
        for (int i = 0; i < n; i++)
        {
            int slot = fill[cellOf[i]]++;
            v[slot] = points[i].Valence; a[slot] = points[i].Arousal; position[slot] = i;
        }
        return new SongIndex(side, cellStart, v, a, position, ids.ToArray());
    }

    private static int CellOf(double x, int side) => Math.Clamp((int)((x + 1) * 0.5 * side), 0, side - 1);

    /// <summary>The k songs nearest to the query, nearest first.</summary>
    public Neighbor[] Nearest(AffectPoint query, int k = 5) => NearestWhere(query, k, new AcceptAll());

    /// <summary>
    /// The k songs nearest to the query among those <paramref name="accept"/> lets through, nearest first, with the
    /// same (distance, id) order as <see cref="Nearest"/>: exact, because rejected songs are skipped inside the ring
    /// scan, which stops only when no unseen cell can hold anything nearer. Fewer than k when fewer are accepted.
    /// A struct filter is compiled into the scan (no delegate call per song).
    /// </summary>
    public Neighbor[] NearestWhere<TFilter>(AffectPoint query, int k, TFilter accept) where TFilter : struct, IPositionFilter
    {
        if (k <= 0 || k > MaxK) throw new ArgumentOutOfRangeException(nameof(k), k, $"k must lie in 1..{MaxK}");
        int count = Math.Min(k, Count);
        if (count == 0) return [];
        var dist = count <= 64 ? stackalloc double[count] : new double[count];
        var found = count <= 64 ? stackalloc int[count] : new int[count];
        int n = Search(query.Valence, query.Arousal, count, dist, found, accept);
        return ToNeighbors(dist, found, n);
    }

    private Neighbor[] ToNeighbors(ReadOnlySpan<double> dist, ReadOnlySpan<int> found, int n)
    {
        var result = new Neighbor[n];
        for (int i = 0; i < n; i++) result[i] = new Neighbor(found[i], _ids[found[i]], Math.Sqrt(dist[i]));
        return result;
    }

    /// <summary>
    /// Answers many queries at once, in parallel; writes the input positions of each query's k neighbours
    /// (nearest first) into <paramref name="positions"/>, k per query.
    /// </summary>
    public void NearestBatch(ReadOnlySpan<AffectPoint> queries, int k, Span<int> positions)
    {
        if (k <= 0 || k > Math.Min(Count, MaxK)) throw new ArgumentOutOfRangeException(nameof(k), k, $"batched k must lie in 1..{Math.Min(Count, MaxK)}");
        if (positions.Length < queries.Length * k) throw new ArgumentException("positions must hold k entries per query");
        var q = queries.ToArray();
        var output = new int[q.Length * k];
        int chunks = Math.Max(1, Math.Min(Environment.ProcessorCount * 4, q.Length / 512));
        Parallel.For(0, chunks, c =>
        {
            var dist = new double[k];
            int from = (int)((long)q.Length * c / chunks), to = (int)((long)q.Length * (c + 1) / chunks);
            for (int i = from; i < to; i++)
                Search(q[i].Valence, q[i].Arousal, k, dist, output.AsSpan(i * k, k), new AcceptAll());
        });
        output.CopyTo(positions);
    }

    // Keeps the best accepted candidates sorted by (distance², id) in dist/found; returns how many were found.
    // Generic over a struct filter so that the JIT compiles one specialised copy per filter (AcceptAll costs nothing).
    private int Search<TFilter>(double qv, double qa, int k, Span<double> dist, Span<int> found, TFilter accept) where TFilter : struct, IPositionFilter
    {
        int count = 0;
        int cx = CellOf(qv, _side), cy = CellOf(qa, _side);
        for (int r = 0; ; r++)
        {
            int x0 = cx - r, x1 = cx + r, y0 = cy - r, y1 = cy + r;
            if (x0 < 0 && y0 < 0 && x1 >= _side && y1 >= _side) break; // the ring lies wholly outside: all seen
            if (r == 0) ScanCell(cx, cy, qv, qa, k, dist, found, ref count, ref accept);
            else
            {
                for (int x = Math.Max(x0, 0); x <= Math.Min(x1, _side - 1); x++)
                {
                    if (y0 >= 0) ScanCell(x, y0, qv, qa, k, dist, found, ref count, ref accept);
                    if (y1 < _side) ScanCell(x, y1, qv, qa, k, dist, found, ref count, ref accept);
                }
                for (int y = Math.Max(y0 + 1, 0); y <= Math.Min(y1 - 1, _side - 1); y++)
                {
                    if (x0 >= 0) ScanCell(x0, y, qv, qa, k, dist, found, ref count, ref accept);
                    if (x1 < _side) ScanCell(x1, y, qv, qa, k, dist, found, ref count, ref accept);
                }
            }
            if (count == k)
            {
                // Anything unseen lies outside the block of cells scanned so far; the block's nearest edge bounds it.
                // The small slack covers rounding in cell assignment; ties (equal distance) must still be visited.
                double gap = Math.Min(
                    Math.Min(qv - (-1 + x0 * _cellSize), (-1 + (x1 + 1) * _cellSize) - qv),
                    Math.Min(qa - (-1 + y0 * _cellSize), (-1 + (y1 + 1) * _cellSize) - qa)) - 1e-9;
                if (gap > 0 && gap * gap > dist[k - 1]) break;
            }
        }
        return count;
    }

    private void ScanCell<TFilter>(int x, int y, double qv, double qa, int k, Span<double> dist, Span<int> found, ref int count, ref TFilter accept)
        where TFilter : struct, IPositionFilter
    {
        int c = y * _side + x;
        for (int i = _cellStart[c], end = _cellStart[c + 1]; i < end; i++)
        {
            double dv = qv - _v[i], da = qa - _a[i];
            double d = dv * dv + da * da;
            if (count == k && d > dist[k - 1]) continue;
            int p = _position[i];
            if (count == k && d == dist[k - 1] && !IdBefore(p, found[k - 1])) continue;
            if (!accept.Accepts(p)) continue;
            int pos = count < k ? count++ : k - 1;
            while (pos > 0 && (dist[pos - 1] > d || (dist[pos - 1] == d && IdBefore(p, found[pos - 1]))))
            {
                dist[pos] = dist[pos - 1]; found[pos] = found[pos - 1];
                pos--;
            }
            dist[pos] = d; found[pos] = p;
        }
    }

    private bool IdBefore(int p, int q) => string.CompareOrdinal(_ids[p], _ids[q]) < 0;

    private readonly struct AcceptAll : IPositionFilter
    {
        public bool Accepts(int position) => true;
    }
}
