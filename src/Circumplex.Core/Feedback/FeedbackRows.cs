using System.Data.Common;

namespace Circumplex.Feedback;

/// <summary>Turns the rows of the export query, which both feedback backends produce alike, into <see cref="FeedbackRow"/>s.</summary>
internal static class FeedbackRows
{
    /// <summary>The submission's own columns after the row's, as both backends select them (prefix "s.").</summary>
    public const string SubmissionColumns = "s.mode, s.target_valence, s.target_arousal, s.session, s.after_valence, s.after_arousal";

    /// <summary>
    /// Columns: submission id, created at, kind, valence, arousal, emotion, source, song id, title, artists, vote,
    /// q1..q4, mode, target valence, target arousal, session, after valence, after arousal (<see cref="Columns"/>).
    /// The backends differ only in how a time and a song's artists are stored.
    /// </summary>
    public static List<FeedbackRow> Read(DbDataReader r, Func<DbDataReader, int, DateTimeOffset> createdAt, Func<DbDataReader, int, string> artists)
    {
        var rows = new List<FeedbackRow>();
        while (r.Read())
        {
            int? Int(int i) => r.IsDBNull(i) ? null : r.GetInt32(i);
            double? Real(int i) => r.IsDBNull(i) ? null : r.GetDouble(i);
            string? Str(int i) => r.IsDBNull(i) ? null : r.GetString(i);
            rows.Add(new FeedbackRow(
                r.GetInt64(0), createdAt(r, 1), r.GetString(2),
                r.GetDouble(3), r.GetDouble(4), Str(5), r.GetString(6), Str(7), Str(8), r.IsDBNull(9) ? null : artists(r, 9),
                r.IsDBNull(10) ? null : (Vote)r.GetInt32(10), Int(11), Int(12), Int(13), Int(14),
                Str(15), Real(16), Real(17), Str(18), Real(19), Real(20)));
        }
        return rows;
    }
}
