using Circumplex.Affect;
using Circumplex.Music.Journeys;
using Xunit;

namespace Circumplex.Tests.Music.Journeys;

public class JourneyPlannerTests
{
    private static AffectPoint RandomPoint(Random rng) => new(rng.NextDouble() * 2 - 1, rng.NextDouble() * 2 - 1);

    private static JourneyFilter RandomFilter(Random rng) => rng.Next(4) switch
    {
        0 => JourneyFilter.None,
        1 => new JourneyFilter(YearFrom: 1960 + rng.Next(20), YearTo: 1990 + rng.Next(30)),
        2 => new JourneyFilter(PopularityFrom: rng.Next(50), PopularityTo: 50 + rng.Next(51), Explicit: rng.Next(2) == 0),
        _ => new JourneyFilter(YearFrom: 1950, YearTo: 2019, Explicit: false),
    };

    [Fact]
    public void Each_step_is_the_nearest_song_the_playlist_may_still_take()
    {
        var rng = new Random(13);
        for (int trial = 0; trial < 30; trial++)
        {
            var catalog = new GeneratedCatalog(trial, rng.Next(1, 1500), coarse: trial % 2 == 0);
            for (int q = 0; q < 8; q++)
            {
                var from = RandomPoint(rng);
                var mode = q % 3 == 0 ? JourneyMode.Match : JourneyMode.Lift;
                var request = new JourneyRequest(from, mode, mode == JourneyMode.Lift && q % 2 == 0 ? RandomPoint(rng) : null,
                    rng.Next(1, 51), q % 4 == 0 ? null : rng.Next(1, 3), RandomFilter(rng));
                var journey = catalog.Planner.Plan(request);
                var expected = catalog.BruteForce(journey.Waypoints, request.Filter!, request.MaxPerArtist);
                Assert.Equal(expected, journey.Steps.Select(s => s.Id));
                Assert.Equal(Enumerable.Range(1, journey.Steps.Count), journey.Steps.Select(s => s.Number));
            }
        }
    }

    [Fact]
    public void Facts_looked_up_song_by_song_plan_as_all_facts_do_and_look_up_few_songs()
    {
        var rng = new Random(17);
        for (int trial = 0; trial < 10; trial++)
        {
            var catalog = new GeneratedCatalog(400 + trial, 3000, coarse: trial % 2 == 0);
            var byId = catalog.Songs.ToDictionary(s => s.Id);
            int lookups = 0;
            var index = catalog.Planner.Index;
            var lookedUp = new JourneyPlanner(index, new LookedUpSongFacts(index, id => { lookups++; return byId.GetValueOrDefault(id); }));
            for (int q = 0; q < 10; q++)
            {
                var request = new JourneyRequest(RandomPoint(rng), q % 2 == 0 ? JourneyMode.Match : JourneyMode.Lift, Count: rng.Next(1, 20), MaxPerArtist: q % 3 == 0 ? null : 1);
                Assert.Equal(catalog.Planner.Plan(request).Steps, lookedUp.Plan(request).Steps);
            }
            Assert.InRange(lookups, 1, 1500); // only songs near the waypoints, each once
        }
        // A song missing from the store is an error, not a gap; and looked-up facts serve no filter.
        var small = new GeneratedCatalog(399, 50).Planner.Index;
        var missing = new JourneyPlanner(small, new LookedUpSongFacts(small, _ => null));
        Assert.Throws<InvalidOperationException>(() => missing.Plan(new JourneyRequest(new AffectPoint(0, 0), JourneyMode.Match)));
        Assert.Throws<InvalidOperationException>(() => missing.Plan(new JourneyRequest(new AffectPoint(0, 0), Filter: new JourneyFilter(YearFrom: 1990, YearTo: 2000))));
    }

    [Fact]
    public void A_lift_moves_toward_its_target_within_one_step_of_tolerance()
    {
        var rng = new Random(21);
        for (int trial = 0; trial < 20; trial++)
        {
            // Dense enough that every waypoint has songs nearby once copies and repeated artists are set aside.
            var catalog = new GeneratedCatalog(100 + trial, 6000, coarse: false, titles: 3000, artists: 2000);
            var from = RandomPoint(rng);
            var to = RandomPoint(rng);
            int count = rng.Next(2, 51);
            var journey = catalog.Planner.Plan(new JourneyRequest(from, JourneyMode.Lift, to, count));
            Assert.Equal(count, journey.Steps.Count);
            double step = from.DistanceTo(to) / (count - 1);
            double slack = journey.Steps.Max(s => s.FromWaypoint);
            Assert.True(slack < 0.1, $"a song lies {slack:0.###} from its waypoint in a dense catalog");
            for (int i = 1; i < count; i++)
            {
                double before = journey.Steps[i - 1].Point.DistanceTo(to), after = journey.Steps[i].Point.DistanceTo(to);
                Assert.True(after <= before + step + 2 * slack,
                    $"step {i + 1} moved away from the target: {before:0.###} → {after:0.###} (step {step:0.###}, slack {slack:0.###})");
            }
            Assert.Equal(from, journey.Waypoints[0]);
            Assert.Equal(to, journey.Waypoints[^1]);
            Assert.True(journey.Steps[^1].Point.DistanceTo(to) <= journey.Steps[0].Point.DistanceTo(to) + 2 * slack);
        }
    }

    [Fact]
    public void No_song_twice_under_another_id_and_the_artist_cap_holds()
    {
        var rng = new Random(5);
        for (int trial = 0; trial < 20; trial++)
        {
            var catalog = new GeneratedCatalog(200 + trial, 3000, titles: 25, artists: 60);
            int cap = 1 + trial % 3;
            var journey = catalog.Planner.Plan(new JourneyRequest(RandomPoint(rng), trial % 2 == 0 ? JourneyMode.Match : JourneyMode.Lift,
                Count: 50, MaxPerArtist: cap));
            var songs = journey.Steps.Select(catalog.Song).ToArray();
            Assert.NotEmpty(songs);
            var keys = songs.Select(s => SongIdentity.Key(s.Title, s.Artists)).ToArray();
            Assert.Equal(keys.Length, keys.Distinct().Count());
            var perArtist = songs.SelectMany(s => s.Artists.Select(SongIdentity.Normalize).Distinct()).GroupBy(a => a);
            Assert.All(perArtist, g => Assert.True(g.Count() <= cap, $"{g.Key} plays {g.Count()} times with a cap of {cap}"));
        }
    }

    [Fact]
    public void Copies_of_one_song_count_once_in_match_too()
    {
        // Three releases of one recording sit nearest; Match must take one and go on to other songs.
        var songs = new[]
        {
            new Circumplex.Music.Song("a000000000000000000001", "Blue Moon", ["The Band"], null, 1990, 50, false, 0.5, 0.5),
            new Circumplex.Music.Song("a000000000000000000002", "BLUE MOON!", ["the band"], null, 1991, 40, false, 0.5, 0.5),
            new Circumplex.Music.Song("a000000000000000000003", "Blue  Moon", ["The Band"], null, 1995, 30, false, 0.5, 0.501),
            new Circumplex.Music.Song("a000000000000000000004", "Blue Moon", ["Another Band"], null, 1995, 30, false, 0.5, 0.51),
            new Circumplex.Music.Song("a000000000000000000005", "Red Sun", ["The Band"], null, 1995, 30, false, 0.5, 0.52),
        };
        var planner = new JourneyPlanner(Circumplex.Music.Index.SongIndex.Build(songs.Select(s => s.Id).ToArray(), songs.Select(s => s.Point).ToArray()), SongFacts.From(songs));
        var match = planner.Plan(new JourneyRequest(new AffectPoint(0, 0), JourneyMode.Match, Count: 5, MaxPerArtist: null));
        Assert.Equal(["a000000000000000000001", "a000000000000000000004", "a000000000000000000005"], match.Steps.Select(s => s.Id));
        var capped = planner.Plan(new JourneyRequest(new AffectPoint(0, 0), JourneyMode.Match, Count: 5, MaxPerArtist: 1));
        Assert.Equal(["a000000000000000000001", "a000000000000000000004"], capped.Steps.Select(s => s.Id));
    }

    [Fact]
    public void Filters_are_honoured()
    {
        var rng = new Random(8);
        var catalog = new GeneratedCatalog(300, 4000, titles: 4000, artists: 4000);
        for (int q = 0; q < 20; q++)
        {
            var filter = RandomFilter(rng);
            var journey = catalog.Planner.Plan(new JourneyRequest(RandomPoint(rng), JourneyMode.Lift, Count: 30, Filter: filter));
            Assert.NotEmpty(journey.Steps);
            Assert.All(journey.Steps, s => Assert.True(GeneratedCatalog.Passes(catalog.Song(s), filter), $"{catalog.Song(s)} fails {filter}"));
        }
    }

    [Fact]
    public void A_filter_that_leaves_too_few_songs_gives_a_shorter_journey()
    {
        var catalog = new GeneratedCatalog(301, 500, titles: 500, artists: 500);
        var filter = new JourneyFilter(YearFrom: 1950, YearTo: 1950);
        int available = catalog.Songs.Count(s => s.Year == 1950);
        var journey = catalog.Planner.Plan(new JourneyRequest(new AffectPoint(0, 0), Count: 50, MaxPerArtist: null, Filter: filter));
        Assert.InRange(available, 1, 49);
        Assert.Equal(available, journey.Steps.Count);
        Assert.Equal(50, journey.Waypoints.Count);
    }

    [Fact]
    public void A_filter_the_catalog_cannot_serve_is_an_error_naming_it()
    {
        var catalog = new GeneratedCatalog(302, 200, withYears: false);
        var year = Assert.Throws<JourneyFilterException>(() => catalog.Planner.Plan(new JourneyRequest(new AffectPoint(0, 0),
            Filter: new JourneyFilter(YearFrom: 1990, YearTo: 2010))));
        Assert.Equal("year", year.Field);
        Assert.Contains("no release years", year.Message);
        var genre = Assert.Throws<JourneyFilterException>(() => catalog.Planner.Plan(new JourneyRequest(new AffectPoint(0, 0),
            Filter: new JourneyFilter(Genre: "jazz"))));
        Assert.Equal("genre", genre.Field);
    }

    [Fact]
    public void An_unknown_or_malformed_filter_is_an_error_naming_it()
    {
        var unknown = Assert.Throws<JourneyFilterException>(() => JourneyFilter.Parse([new("tempo", "120")]));
        Assert.Equal("tempo", unknown.Field);
        Assert.Contains("year, popularity, explicit, genre", unknown.Message);
        Assert.Equal("year", Assert.Throws<JourneyFilterException>(() => JourneyFilter.Parse([new("year", "2010-1990")])).Field);
        Assert.Equal("year", Assert.Throws<JourneyFilterException>(() => JourneyFilter.Parse([new("year", "nineties")])).Field);
        Assert.Equal("popularity", Assert.Throws<JourneyFilterException>(() => JourneyFilter.Parse([new("popularity", "50-101")])).Field);
        Assert.Equal("explicit", Assert.Throws<JourneyFilterException>(() => JourneyFilter.Parse([new("explicit", "maybe")])).Field);
        var parsed = JourneyFilter.Parse([new("Year", "1990-2010"), new("popularity", "70"), new("explicit", "false"), new("genre", " Jazz ")]);
        Assert.Equal(new JourneyFilter(1990, 2010, 70, 70, false, "Jazz"), parsed);
    }

    [Fact]
    public void The_largest_jump_is_the_longest_step_between_consecutive_songs()
    {
        var catalog = new GeneratedCatalog(303, 2000);
        var journey = catalog.Planner.Plan(new JourneyRequest(new AffectPoint(-0.8, 0.7), Count: 12));
        double expected = journey.Steps.Zip(journey.Steps.Skip(1), (a, b) => a.Point.DistanceTo(b.Point)).Max();
        Assert.Equal(expected, journey.LargestJump);
        Assert.True(expected > 0);
        var one = catalog.Planner.Plan(new JourneyRequest(new AffectPoint(-0.8, 0.7), Count: 1));
        Assert.Equal(0, one.LargestJump);
    }

    [Fact]
    public void Match_takes_a_target_from_nobody_and_stays_at_the_point()
    {
        var catalog = new GeneratedCatalog(304, 300);
        var from = new AffectPoint(0.2, -0.3);
        var match = catalog.Planner.Plan(new JourneyRequest(from, JourneyMode.Match, Count: 5));
        Assert.All(match.Waypoints, w => Assert.Equal(from, w));
        Assert.Equal(from, match.To);
        Assert.False(match.TargetByRule);
        Assert.Throws<ArgumentException>(() => catalog.Planner.Plan(new JourneyRequest(from, JourneyMode.Match, To: new AffectPoint(0, 0))));
        Assert.Throws<ArgumentOutOfRangeException>(() => catalog.Planner.Plan(new JourneyRequest(from, Count: 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => catalog.Planner.Plan(new JourneyRequest(from, MaxPerArtist: 0)));
    }

    [Theory]
    [InlineData(-0.7, -0.5, 0.6, -0.1)]   // sad → calm-positive
    [InlineData(-0.2, -0.9, 0.6, -0.1)]   // tired, bored → calm-positive
    [InlineData(-0.6, 0.8, 0.3, -0.5)]    // angry, afraid → calm
    [InlineData(-0.01, 0.0, 0.3, -0.5)]   // negative at resting energy counts as tense
    [InlineData(0.8, 0.4, 0.8, 0.4)]      // happy stays happy
    [InlineData(0.7, -0.6, 0.7, -0.6)]    // content stays content
    [InlineData(0.0, 0.2, 0.5, 0.2)]      // neutral is nudged up to the positive floor, its energy kept
    public void The_default_lift_target_follows_the_documented_rule(double v, double a, double tv, double ta)
    {
        var target = LiftTarget.For(new AffectPoint(v, a));
        Assert.Equal(tv, target.Valence, 9);
        Assert.Equal(ta, target.Arousal, 9);
        var catalog = new GeneratedCatalog(305, 200);
        var journey = catalog.Planner.Plan(new JourneyRequest(new AffectPoint(v, a), JourneyMode.Lift, Count: 4));
        Assert.True(journey.TargetByRule);
        Assert.Equal(target, journey.To);
    }

    [Theory]
    [InlineData("Café  del Mar!", "cafe del mar")]
    [InlineData("BLUE MOON", "blue moon")]
    [InlineData("Ｆｕｌｌ width", "full width")]
    [InlineData("Song - Remastered 2011", "song remastered 2011")]
    [InlineData("Straße Łódź Ærø", "strasse lodz aro")]
    [InlineData("Cafe\u0301", "cafe")]
    [InlineData("...", "...")]
    public void Titles_compare_without_case_accents_or_punctuation(string title, string normalised) =>
        Assert.Equal(normalised, SongIdentity.Normalize(title));

    [Fact]
    public void Artists_compare_as_a_set()
    {
        Assert.Equal(SongIdentity.Key("X", ["A", "B"]), SongIdentity.Key("x", ["b", "A"]));
        Assert.NotEqual(SongIdentity.Key("X", ["A", "B"]), SongIdentity.Key("X", ["A"]));
    }
}
