using System.Globalization;

namespace Circumplex.Feedback;

/// <summary>
/// Feedback as RFC 4180 CSV: one row per song vote and one per survey, with the point they refer to.
/// Columns: <see cref="Header"/>; vote is "up"/"down"; q1..q4 are the Likert answers (1–5, empty when unanswered);
/// mode is "match" or "lift" (empty when the page did not say), target_* the lift's target, session the visit's id,
/// after_* the point the listener reported after the journey (rows of kind "mood").
/// </summary>
public static class FeedbackCsv
{
    public const string Header = "submission,created_at,kind,valence,arousal,emotion,source,song_id,title,artists,vote,q1,q2,q3,q4," +
        "mode,target_valence,target_arousal,session,after_valence,after_arousal";

    public static void Write(TextWriter w, IEnumerable<FeedbackRow> rows)
    {
        w.Write(Header);
        w.Write("\r\n");
        foreach (var r in rows)
        {
            w.Write(r.SubmissionId.ToString(CultureInfo.InvariantCulture)); w.Write(',');
            w.Write(r.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)); w.Write(',');
            w.Write(r.Kind); w.Write(',');
            w.Write(r.Valence.ToString("R", CultureInfo.InvariantCulture)); w.Write(',');
            w.Write(r.Arousal.ToString("R", CultureInfo.InvariantCulture)); w.Write(',');
            Field(w, r.Emotion); w.Write(',');
            Field(w, r.Source); w.Write(',');
            Field(w, r.SongId); w.Write(',');
            Field(w, r.Title); w.Write(',');
            Field(w, r.Artists); w.Write(',');
            w.Write(r.Vote switch { Vote.Up => "up", Vote.Down => "down", _ => "" }); w.Write(',');
            Number(w, r.Q1); w.Write(',');
            Number(w, r.Q2); w.Write(',');
            Number(w, r.Q3); w.Write(',');
            Number(w, r.Q4); w.Write(',');
            Field(w, r.Mode); w.Write(',');
            Real(w, r.TargetValence); w.Write(',');
            Real(w, r.TargetArousal); w.Write(',');
            Field(w, r.Session); w.Write(',');
            Real(w, r.AfterValence); w.Write(',');
            Real(w, r.AfterArousal);
            w.Write("\r\n");
        }
    }

    private static void Real(TextWriter w, double? x)
    {
        if (x is double v) w.Write(v.ToString("R", CultureInfo.InvariantCulture));
    }

    private static void Number(TextWriter w, int? n)
    {
        if (n is int v) w.Write(v.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Quotes a field when it holds a comma, quote or line break, doubling inner quotes; a text that a spreadsheet would
    /// run as a formula is neutralised first (<see cref="Neutralise"/>).
    /// </summary>
    public static void Field(TextWriter w, string? s)
    {
        if (string.IsNullOrEmpty(s)) return;
        s = Neutralise(s);
        if (s.AsSpan().IndexOfAny(",\"\r\n") < 0) { w.Write(s); return; }
        w.Write('"');
        w.Write(s.Replace("\"", "\"\"", StringComparison.Ordinal));
        w.Write('"');
    }

    /// <summary>
    /// OWASP's advice against CSV injection: a cell that begins with = + - @, a tab or a carriage return is a formula to
    /// Excel, LibreOffice and Google Sheets (=HYPERLINK(…), @SUM(…)), so it gets a leading apostrophe, which they show as
    /// text. Numbers ("-0.5", "+1") are left alone: they are no formula and must stay numbers.
    /// </summary>
    public static string Neutralise(string s)
    {
        if (s.Length == 0 || s[0] is not ('=' or '+' or '-' or '@' or '\t' or '\r')) return s;
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) return s;
        return "'" + s;
    }
}
