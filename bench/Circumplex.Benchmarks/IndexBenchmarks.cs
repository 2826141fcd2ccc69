using BenchmarkDotNet.Attributes;
using Circumplex.Affect;
using Circumplex.Music.Index;

namespace Circumplex.Benchmarks;

/// <summary>SPEC §9: index build over 600k songs (bar ≤ 1 s) and 5-NN queries, single (bar ≤ 5 µs) and batched.</summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class IndexBenchmarks
{
    private const int Songs = 600_000;
    private const int Queries = 10_000;
    private string[] _ids = [];
    private AffectPoint[] _points = [];
    private AffectPoint[] _queries = [];
    private SongIndex _index = null!;
    private int[] _ranks = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(600);
        var ids = new HashSet<string>();
        while (ids.Count < Songs) ids.Add(Circumplex.Tests.SyntheticCatalog.RandomId(rng));
        _ids = ids.ToArray();
        // Spotify publishes valence/energy with 3 decimals: the same coarse lattice (and its ties) as real data.
        _points = _ids.Select(_ => new AffectPoint(2 * Math.Round(rng.NextDouble(), 3) - 1, 2 * Math.Round(rng.NextDouble(), 3) - 1)).ToArray();
        _queries = Enumerable.Range(0, Queries).Select(_ => new AffectPoint(rng.NextDouble() * 2 - 1, rng.NextDouble() * 2 - 1)).ToArray();
        _index = SongIndex.Build(_ids, _points);
        _ranks = new int[Queries * 5];
    }

    [Benchmark]
    public SongIndex Build600k() => SongIndex.Build(_ids, _points);

    [Benchmark(OperationsPerInvoke = Queries)]
    public int Nearest5_single()
    {
        int sum = 0;
        for (int i = 0; i < Queries; i++) sum += _index.Nearest(_queries[(i + _next) % Queries], 5)[0].Position;
        _next++;
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Queries)]
    public int Nearest5_batched()
    {
        _index.NearestBatch(_queries, 5, _ranks);
        return _ranks[0];
    }
}
