using BenchmarkDotNet.Attributes;
using Circumplex.Affect;
using Circumplex.Music;
using Circumplex.Music.Index;
using Circumplex.Music.Journeys;

namespace Circumplex.Benchmarks;

/// <summary>
/// Issue #13: a Lift journey of 10 songs (bar ≤ 1 ms) and of 50 songs (bar ≤ 5 ms) over 600k generated songs, with
/// the default artist cap of 1 and copies of one song under several ids; Match of 5 for comparison. Each call plans
/// from another (from, to) pair, so no two consecutive calls walk the same cells.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class JourneyBenchmarks
{
    private const int Songs = 600_000;
    private const int Pairs = 1_000;
    private JourneyPlanner _planner = null!;
    private AffectPoint[] _from = [], _to = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(13);
        var ids = new HashSet<string>();
        while (ids.Count < Songs) ids.Add(Circumplex.Tests.SyntheticCatalog.RandomId(rng));
        var facts = new SongFacts.Builder();
        var idList = ids.ToArray();
        var points = new AffectPoint[Songs];
        for (int i = 0; i < Songs; i++)
        {
            // As in the 600k tracks.csv: 3-decimal features, about 12 songs per artist, and one title in 20 released
            // again under another id (album, single, compilation).
            double valence = Math.Round(rng.NextDouble(), 3), energy = Math.Round(rng.NextDouble(), 3);
            int title = rng.Next(20) == 0 ? rng.Next(Songs / 20) : i;
            var song = new Song(idList[i], $"Song {title}", [$"Artist {title % 50_000}"], null, 1922 + rng.Next(99), rng.Next(101), rng.Next(10) == 0, valence, energy);
            facts.Add(song);
            points[i] = song.Point;
        }
        _planner = new JourneyPlanner(SongIndex.Build(idList, points), facts.Build());
        _from = Enumerable.Range(0, Pairs).Select(_ => new AffectPoint(rng.NextDouble() * 2 - 1, rng.NextDouble() * 2 - 1)).ToArray();
        _to = Enumerable.Range(0, Pairs).Select(_ => new AffectPoint(rng.NextDouble() * 2 - 1, rng.NextDouble() * 2 - 1)).ToArray();
    }

    private Journey Plan(JourneyMode mode, int count)
    {
        int i = _next++ % Pairs;
        return _planner.Plan(new JourneyRequest(_from[i], mode, mode == JourneyMode.Lift ? _to[i] : null, count));
    }

    [Benchmark]
    public Journey Lift10() => Plan(JourneyMode.Lift, 10);

    [Benchmark]
    public Journey Lift50() => Plan(JourneyMode.Lift, 50);

    [Benchmark]
    public Journey Match5() => Plan(JourneyMode.Match, 5);

    [Benchmark]
    public Journey Lift50_year_filter()
    {
        int i = _next++ % Pairs;
        return _planner.Plan(new JourneyRequest(_from[i], JourneyMode.Lift, _to[i], 50, Filter: new JourneyFilter(YearFrom: 1990, YearTo: 2010)));
    }
}
