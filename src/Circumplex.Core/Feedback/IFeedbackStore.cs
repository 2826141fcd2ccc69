namespace Circumplex.Feedback;

/// <summary>
/// User feedback (song thumbs and survey answers), kept in the same database as the catalog, SQLite or PostgreSQL.
/// Each submission is one transaction. Safe for concurrent use.
/// </summary>
public interface IFeedbackStore : IDisposable
{
    /// <summary>Validates and stores one submission in one transaction.</summary>
    FeedbackReceipt Add(FeedbackSubmission submission);

    /// <summary>How many submissions, song votes and surveys are stored.</summary>
    (int Submissions, int Votes, int Surveys) Count();

    /// <summary>
    /// Every stored row in submission order: a submission's song votes (by ordinal song id), then its survey. Song
    /// title and artists come from the catalog when the song is still in it.
    /// </summary>
    IReadOnlyList<FeedbackRow> All();

    /// <summary>Writes every row as CSV (see <see cref="FeedbackCsv"/>).</summary>
    void ExportCsv(TextWriter writer);
}
