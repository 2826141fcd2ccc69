using Circumplex.Affect;
using Circumplex.Music;
using Circumplex.Music.Journeys;

namespace Circumplex.Tests;

/// <summary>
/// What Match must answer, by plain reading of the rules: every song by (distance, id), skipping a copy of a song
/// already taken (same normalised title and artists) and a song whose artist already has <c>cap</c> songs.
/// </summary>
public static class MatchReference
{
    public static (string Id, double Distance)[] Expect(IEnumerable<Song> songs, AffectPoint query, int k, int? cap = 1)
    {
        var taken = new HashSet<string>();
        var uses = new Dictionary<string, int>();
        var result = new List<(string, double)>();
        foreach (var s in songs.OrderBy(s => Square(s.Point, query)).ThenBy(s => s.Id, StringComparer.Ordinal))
        {
            if (result.Count == k) break;
            var artists = s.Artists.Select(SongIdentity.Normalize).Distinct().ToArray();
            if (taken.Contains(SongIdentity.Key(s.Title, s.Artists))) continue;
            if (artists.Any(a => uses.GetValueOrDefault(a) >= (cap ?? int.MaxValue))) continue;
            taken.Add(SongIdentity.Key(s.Title, s.Artists));
            foreach (var a in artists) uses[a] = uses.GetValueOrDefault(a) + 1;
            result.Add((s.Id, s.Point.DistanceTo(query)));
        }
        return [.. result];
    }

    private static double Square(AffectPoint a, AffectPoint b)
    {
        double dv = a.Valence - b.Valence, da = a.Arousal - b.Arousal;
        return dv * dv + da * da;
    }
}
