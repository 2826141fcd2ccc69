using Circumplex.Affect;

namespace Circumplex.Feedback;

/// <summary>A thumbs up or down for one song.</summary>
public enum Vote
{
    Down = -1,
    Up = 1,
}

/// <summary>One song's thumbs up/down, by Spotify id.</summary>
public sealed record SongVote(string SongId, Vote Vote);

/// <summary>
/// Answers to the four statements of <see cref="LikertSurvey"/>, each 1 (strongly disagree) … 5 (strongly agree),
/// or null when the statement was left unanswered. At least one answer must be given.
/// </summary>
public sealed record SurveyAnswers(int? Q1, int? Q2, int? Q3, int? Q4)
{
    public IReadOnlyList<int?> All => [Q1, Q2, Q3, Q4];

    public void Validate()
    {
        var all = All;
        for (int i = 0; i < all.Count; i++)
            if (all[i] is int q && (q < LikertSurvey.Min || q > LikertSurvey.Max))
                throw new ArgumentOutOfRangeException($"q{i + 1}", q, $"answer to statement {i + 1} must lie in {LikertSurvey.Min}..{LikertSurvey.Max}");
        if (all.All(q => q is null)) throw new ArgumentException("the survey has no answer: give at least one of q1..q4");
    }
}

/// <summary>Where the (valence, arousal) point of a submission came from.</summary>
public static class FeedbackSources
{
    /// <summary>The point the affect model estimated from a photo.</summary>
    public const string Photo = "photo";
    /// <summary>A point the user set (or corrected) by hand.</summary>
    public const string Manual = "manual";

    public static bool IsKnown(string source) => source is Photo or Manual;
}

/// <summary>Whether the songs matched the listener's point or lifted it toward a target (see Music.Journeys).</summary>
public static class FeedbackModes
{
    public const string Match = "match";
    public const string Lift = "lift";

    public static bool IsKnown(string mode) => mode is Match or Lift;
}

/// <summary>
/// What one user sent at once: thumbs for some songs, the survey and/or how they feel after listening, tied to the
/// circumplex point the songs were recommended for (and optionally the emotion shown there).
/// <see cref="Mode"/> and <see cref="Target"/> say whether the songs matched that point or lifted it toward a
/// target, so the export can compare the two; <see cref="After"/> is the point the listener reports after the
/// journey ("how do you feel now?"), so that before → after can be measured; <see cref="Session"/> is an id the
/// page makes up per visit, linking a visit's submissions without saying who it was.
/// </summary>
public sealed record FeedbackSubmission(
    AffectPoint Point,
    string Source,
    string? Emotion,
    IReadOnlyList<SongVote> Votes,
    SurveyAnswers? Survey,
    string? Mode = null,
    AffectPoint? Target = null,
    string? Session = null,
    AffectPoint? After = null)
{
    public const int MaxVotes = 100;
    public const int MaxSessionLength = 64;

    /// <summary>The names an emotion may have: AffectNet's eight, as the emotion tree names them.</summary>
    public static IReadOnlyList<string> EmotionNames { get; } = Expressions.All.Select(e => e.Name()).ToArray();

    public void Validate()
    {
        if (!FeedbackSources.IsKnown(Source)) throw new ArgumentException($"source '{Source}' is neither '{FeedbackSources.Photo}' nor '{FeedbackSources.Manual}'");
        if (Emotion is not null && !EmotionNames.Contains(Emotion))
            throw new ArgumentException($"emotion must be one of {string.Join(", ", EmotionNames)} (or left out), got '{(Emotion.Length <= 40 ? Emotion : Emotion[..37] + "...")}'");
        if (Mode is not null && !FeedbackModes.IsKnown(Mode)) throw new ArgumentException($"mode '{Mode}' is neither '{FeedbackModes.Match}' nor '{FeedbackModes.Lift}'");
        if (Target is not null && Mode != FeedbackModes.Lift) throw new ArgumentException("target goes with mode 'lift': a match has no target");
        if (Session is not null && (Session.Length is 0 or > MaxSessionLength || !Session.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            throw new ArgumentException($"session must be 1..{MaxSessionLength} letters, digits, '-' or '_'");
        if (Votes.Count == 0 && Survey is null && After is null)
            throw new ArgumentException("the feedback is empty: give song votes, survey answers, the point after listening, or several");
        if (Votes.Count > MaxVotes) throw new ArgumentException($"{Votes.Count} song votes in one submission; at most {MaxVotes}");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var v in Votes)
        {
            if (!Music.Song.IsValidSpotifyId(v.SongId)) throw new ArgumentException($"song id '{v.SongId}' is not a 22-character Spotify id");
            if (v.Vote is not (Vote.Up or Vote.Down)) throw new ArgumentException($"vote for {v.SongId} is neither up nor down");
            if (!seen.Add(v.SongId)) throw new ArgumentException($"song {v.SongId} is voted on twice");
        }
        Survey?.Validate();
    }
}

/// <summary>What the store kept: the submission's id and time, and how many votes/survey rows were written.</summary>
public sealed record FeedbackReceipt(long SubmissionId, DateTimeOffset CreatedAt, int Votes, bool Survey);

/// <summary>
/// One exported row: a song vote (<see cref="Kind"/> "song"), a survey ("survey") or a mood reported after listening
/// ("mood", with <see cref="AfterValence"/>/<see cref="AfterArousal"/>); every row carries its submission's mode,
/// target, session and after-point.
/// </summary>
public sealed record FeedbackRow(
    long SubmissionId, DateTimeOffset CreatedAt, string Kind, double Valence, double Arousal, string? Emotion, string Source,
    string? SongId, string? Title, string? Artists, Vote? Vote, int? Q1, int? Q2, int? Q3, int? Q4,
    string? Mode = null, double? TargetValence = null, double? TargetArousal = null, string? Session = null,
    double? AfterValence = null, double? AfterArousal = null);
