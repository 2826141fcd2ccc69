using Circumplex.Affect;
using Circumplex.Music.Index;
using Xunit;

namespace Circumplex.Tests.Music;

public class SongIndexTests
{
    /// <summary>The reference: every song's distance, sorted by (distance², id).</summary>
    internal static (string Id, double Distance)[] BruteForce(string[] ids, AffectPoint[] points, AffectPoint q, int k) =>
        Enumerable.Range(0, ids.Length)
            .Select(i =>
            {
                double dv = q.Valence - points[i].Valence, da = q.Arousal - points[i].Arousal;
                return (Id: ids[i], D2: dv * dv + da * da);
            })
            .OrderBy(t => t.D2).ThenBy(t => t.Id, StringComparer.Ordinal)
            .Take(k)
            .Select(t => (t.Id, Math.Sqrt(t.D2)))
            .ToArray();

    private static (string[] Ids, AffectPoint[] Points) RandomCatalog(Random rng, int n, bool coarse)
    {
        var ids = new HashSet<string>();
        while (ids.Count < n) ids.Add(SyntheticCatalog.RandomId(rng));
        // Coarse catalogs put many songs on the same few points: ties everywhere, as in real 3-decimal Spotify data.
        AffectPoint P() => coarse
            ? new AffectPoint(rng.Next(-4, 5) / 4.0, rng.Next(-4, 5) / 4.0)
            : new AffectPoint(rng.NextDouble() * 2 - 1, rng.NextDouble() * 2 - 1);
        return (ids.ToArray(), Enumerable.Range(0, n).Select(_ => P()).ToArray());
    }

    [Fact]
    public void Matches_brute_force_on_random_catalogs_and_queries()
    {
        var rng = new Random(12345);
        for (int trial = 0; trial < 60; trial++)
        {
            int n = trial < 10 ? trial + 1 : rng.Next(1, 3000);
            var (ids, points) = RandomCatalog(rng, n, coarse: trial % 2 == 0);
            var index = SongIndex.Build(ids, points);
            for (int q = 0; q < 40; q++)
            {
                var query = q % 4 == 0
                    ? points[rng.Next(n)] // exactly on a song
                    : new AffectPoint(rng.NextDouble() * 2.4 - 1.2, rng.NextDouble() * 2.4 - 1.2);
                int k = rng.Next(1, 25);
                var expected = BruteForce(ids, points, query, k);
                var actual = index.Nearest(query, k);
                Assert.Equal(expected.Select(e => e.Id), actual.Select(a => a.Id));
                Assert.Equal(expected.Select(e => e.Distance), actual.Select(a => a.Distance));
            }
        }
    }

    private readonly struct EveryThird(int offset) : IPositionFilter
    {
        public bool Accepts(int position) => position % 3 == offset;
    }

    [Fact]
    public void A_filtered_search_matches_brute_force_over_the_accepted_songs()
    {
        var rng = new Random(321);
        for (int trial = 0; trial < 40; trial++)
        {
            int n = rng.Next(1, 2500);
            var (ids, points) = RandomCatalog(rng, n, coarse: trial % 2 == 0);
            var index = SongIndex.Build(ids, points);
            int offset = rng.Next(3);
            var keep = Enumerable.Range(0, n).Where(i => i % 3 == offset).ToArray();
            for (int q = 0; q < 20; q++)
            {
                var query = new AffectPoint(rng.NextDouble() * 2 - 1, rng.NextDouble() * 2 - 1);
                int k = rng.Next(1, 30);
                var expected = BruteForce(keep.Select(i => ids[i]).ToArray(), keep.Select(i => points[i]).ToArray(), query, k);
                var actual = index.NearestWhere(query, k, new EveryThird(offset));
                Assert.Equal(expected.Select(e => e.Id), actual.Select(a => a.Id));
                Assert.All(actual, a => Assert.Equal(points[a.Position], index.PointAt(a.Position)));
            }
        }
    }

    [Fact]
    public void Batched_queries_equal_single_queries()
    {
        var rng = new Random(7);
        var (ids, points) = RandomCatalog(rng, 5000, coarse: true);
        var index = SongIndex.Build(ids, points);
        var queries = Enumerable.Range(0, 3000).Select(_ => new AffectPoint(rng.NextDouble() * 2 - 1, rng.NextDouble() * 2 - 1)).ToArray();
        var ranks = new int[queries.Length * 5];
        index.NearestBatch(queries, 5, ranks);
        for (int i = 0; i < queries.Length; i++)
            Assert.Equal(index.Nearest(queries[i], 5).Select(n => n.Position), ranks.Skip(i * 5).Take(5));
    }

    [Fact]
    public void Result_does_not_depend_on_insertion_order()
    {
        var rng = new Random(9);
        var (ids, points) = RandomCatalog(rng, 500, coarse: true);
        var order = Enumerable.Range(0, 500).ToArray();
        rng.Shuffle(order);
        var a = SongIndex.Build(ids, points);
        var b = SongIndex.Build(order.Select(i => ids[i]).ToArray(), order.Select(i => points[i]).ToArray());
        var q = new AffectPoint(0.25, 0.25);
        Assert.Equal(a.Nearest(q, 20).Select(n => n.Id), b.Nearest(q, 20).Select(n => n.Id));
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        var index = SongIndex.Build(["a", "b"], [new AffectPoint(0, 0), new AffectPoint(1, 1)]);
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Nearest(new AffectPoint(0, 0), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Nearest(new AffectPoint(0, 0), SongIndex.MaxK + 1));
        Assert.Equal(2, index.Nearest(new AffectPoint(0, 0), 10).Length);
        Assert.Throws<ArgumentException>(() => SongIndex.Build(["a", "a"], [new AffectPoint(0, 0), new AffectPoint(1, 1)]));
        Assert.Empty(SongIndex.Build([], []).Nearest(new AffectPoint(0, 0), 5));
    }
}
