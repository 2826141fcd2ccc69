namespace Circumplex.Music.Journeys.Export;

/// <summary>A circumplex point as the JSON of a journey carries it.</summary>
public sealed record JourneyPoint(double Valence, double Arousal)
{
    internal static JourneyPoint Of(Affect.AffectPoint p) => new(Math.Round(p.Valence, 6), Math.Round(p.Arousal, 6));
}

/// <summary>
/// One song of a journey, in playing order: its circumplex point (v = 2·valence − 1, a = 2·energy − 1), the waypoint it
/// was chosen for and its distance from it (6 decimals), and its Spotify link and URI (the URI is what Spotify's
/// desktop app takes when pasted into a playlist).
/// </summary>
public sealed record JourneySong(
    int Number, string Id, string Title, IReadOnlyList<string> Artists, string? Album, int? Year,
    double Valence, double Arousal, JourneyPoint Waypoint, double Distance, string Url, string Uri, string EmbedUrl);

/// <summary>
/// A journey as the CLI's --format json and POST /api/journey answer it: the mode, from, to (and whether the
/// default rule chose it), the waypoints, the songs in playing order under <c>songs</c>, and the largest jump
/// between consecutive songs.
/// </summary>
public sealed record JourneyDocument(
    string Mode, JourneyPoint From, JourneyPoint To, bool TargetByRule, IReadOnlyList<JourneyPoint> Waypoints,
    double LargestJump, int Requested, IReadOnlyList<JourneySong> Songs)
{
    /// <summary>Joins a planned journey with its songs' details (in the same order as its steps).</summary>
    public static JourneyDocument Of(Journey journey, IReadOnlyList<Song> songs)
    {
        if (songs.Count != journey.Steps.Count) throw new ArgumentException($"{journey.Steps.Count} steps but {songs.Count} songs");
        var list = new JourneySong[songs.Count];
        for (int i = 0; i < list.Length; i++)
        {
            var (step, song) = (journey.Steps[i], songs[i]);
            if (step.Id != song.Id) throw new ArgumentException($"step {step.Number} is {step.Id} but the song is {song.Id}");
            list[i] = new JourneySong(step.Number, song.Id, song.Title, song.Artists, song.Album, song.Year,
                Math.Round(step.Point.Valence, 6), Math.Round(step.Point.Arousal, 6), JourneyPoint.Of(step.Waypoint),
                Math.Round(step.FromWaypoint, 6), song.SpotifyUrl, SpotifyUri(song.Id), song.EmbedUrl);
        }
        return new JourneyDocument(journey.Mode.ToString().ToLowerInvariant(), JourneyPoint.Of(journey.From), JourneyPoint.Of(journey.To),
            journey.TargetByRule, [.. journey.Waypoints.Select(JourneyPoint.Of)], Math.Round(journey.LargestJump, 6),
            journey.Waypoints.Count, list);
    }

    public static string SpotifyUri(string id) => $"spotify:track:{id}";
}
