using Circumplex.Affect;
using Circumplex.Music;
using Circumplex.Music.Index;
using Circumplex.Music.Journeys;

namespace Circumplex.Tests.Music.Journeys;

/// <summary>
/// Random catalogs built to trip a playlist up: few titles and artists (so copies of one song under several ids,
/// and prolific artists, are everywhere), coarse points (ties), and years, popularity and explicit sometimes missing.
/// </summary>
internal sealed class GeneratedCatalog
{
    public Song[] Songs { get; }
    public JourneyPlanner Planner { get; }

    public GeneratedCatalog(int seed, int n, bool coarse = true, bool withYears = true, int titles = 40, int artists = 30)
    {
        var rng = new Random(seed);
        var ids = new HashSet<string>();
        while (ids.Count < n) ids.Add(SyntheticCatalog.RandomId(rng));
        Songs = ids.Select(id =>
        {
            double Coordinate() => coarse ? rng.Next(0, 21) / 20.0 : Math.Round(rng.NextDouble(), 3);
            string[] who = rng.Next(5) == 0
                ? [$"Artist {rng.Next(artists)}", $"Artist {rng.Next(artists)}"]
                : [$"Artist {rng.Next(artists)}"];
            // The same title in other spellings: case, accents and punctuation must not make it another song.
            string title = $"Song {rng.Next(titles)}";
            title = rng.Next(4) switch { 0 => title.ToUpperInvariant(), 1 => title + "!", 2 => "  " + title.Replace("o", "ö"), _ => title };
            return new Song(id, title, who, null,
                withYears && rng.Next(10) > 0 ? 1950 + rng.Next(70) : null,
                rng.Next(10) > 0 ? rng.Next(101) : null,
                rng.Next(10) > 0 ? rng.Next(3) == 0 : null,
                Coordinate(), Coordinate());
        }).ToArray();
        Planner = new JourneyPlanner(SongIndex.Build(Songs.Select(s => s.Id).ToArray(), Songs.Select(s => s.Point).ToArray()), SongFacts.From(Songs));
    }

    public Song Song(JourneyStep step) => Songs[step.Position];

    /// <summary>
    /// The reference: for each waypoint in turn, every song sorted by (distance², id), and the first one the playlist
    /// may still take, checked by plain reading of the rules (not by the engine's own filter).
    /// </summary>
    public string[] BruteForce(IReadOnlyList<AffectPoint> waypoints, JourneyFilter filter, int? maxPerArtist)
    {
        var identities = new HashSet<string>();
        var uses = new Dictionary<string, int>();
        var chosen = new List<string>();
        foreach (var w in waypoints)
        {
            var next = Songs
                .OrderBy(s => Square(s.Point, w)).ThenBy(s => s.Id, StringComparer.Ordinal)
                .FirstOrDefault(s => Passes(s, filter)
                    && !identities.Contains(SongIdentity.Key(s.Title, s.Artists))
                    && s.Artists.Select(SongIdentity.Normalize).Distinct().All(a => uses.GetValueOrDefault(a) < (maxPerArtist ?? int.MaxValue)));
            if (next is null) break;
            chosen.Add(next.Id);
            identities.Add(SongIdentity.Key(next.Title, next.Artists));
            foreach (var a in next.Artists.Select(SongIdentity.Normalize).Distinct()) uses[a] = uses.GetValueOrDefault(a) + 1;
        }
        return [.. chosen];
    }

    public static bool Passes(Song s, JourneyFilter f) =>
        (f.YearFrom is null || (s.Year is int y && y >= f.YearFrom && y <= f.YearTo))
        && (f.PopularityFrom is null || (s.Popularity is int p && p >= f.PopularityFrom && p <= f.PopularityTo))
        && (f.Explicit is null || s.Explicit == f.Explicit);

    private static double Square(AffectPoint a, AffectPoint b)
    {
        double dv = a.Valence - b.Valence, da = a.Arousal - b.Arousal;
        return dv * dv + da * da;
    }
}
