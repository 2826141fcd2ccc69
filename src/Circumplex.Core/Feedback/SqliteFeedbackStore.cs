using System.Globalization;
using System.Text.Json;
using Circumplex.Affect;
using Microsoft.Data.Sqlite;

namespace Circumplex.Feedback;

/// <summary>
/// User feedback (song thumbs and survey answers) in SQLite, in the same database file as the catalog. Each
/// submission is one transaction, committed with <c>synchronous=FULL</c> so it survives a crash or power loss.
/// Feedback never references songs by foreign key: replacing the catalog must not lose it. Safe for concurrent use.
/// </summary>
public sealed class SqliteFeedbackStore : IFeedbackStore
{
    private const string VersionKey = "feedback_schema_version";
    private const int SchemaVersion = 2;

    // Version 1 → 2: a submission records the mode (match/lift), the lift's target, the visit's session and the point
    // reported after listening. Nullable columns: version-1 rows keep everything they had and leave these empty.
    private const string UpgradeTo2 = """
        ALTER TABLE feedback_submissions ADD COLUMN mode TEXT CHECK (mode IN ('match', 'lift'));
        ALTER TABLE feedback_submissions ADD COLUMN target_valence REAL;
        ALTER TABLE feedback_submissions ADD COLUMN target_arousal REAL;
        ALTER TABLE feedback_submissions ADD COLUMN session TEXT;
        ALTER TABLE feedback_submissions ADD COLUMN after_valence REAL;
        ALTER TABLE feedback_submissions ADD COLUMN after_arousal REAL;
        CREATE INDEX IF NOT EXISTS feedback_submissions_session ON feedback_submissions(session);
        """;
    private readonly SqliteConnection _connection;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();

    public string Path { get; }

    public SqliteFeedbackStore(string path, TimeProvider? clock = null)
    {
        Path = path;
        _clock = clock ?? TimeProvider.System;
        string? dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        if (File.Exists(path)) EnsureIsSqlite(path);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;");
        Migrate();
    }

    private static void EnsureIsSqlite(string path)
    {
        var header = new byte[16];
        using var f = File.OpenRead(path);
        int n = f.ReadAtLeast(header, 16, throwOnEndOfStream: false);
        if (n == 0) return;
        if (n < 16 || System.Text.Encoding.ASCII.GetString(header, 0, 15) != "SQLite format 3")
            throw new InvalidDataException($"{path} exists but is not a SQLite database; refusing to touch it");
    }

    private void Migrate()
    {
        using var tx = _connection.BeginTransaction();
        // The tables as version 1 made them; a new file then takes the same upgrades as an old one.
        Execute("""
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS feedback_submissions (
                id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, valence REAL NOT NULL, arousal REAL NOT NULL,
                emotion TEXT, source TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS feedback_votes (
                submission_id INTEGER NOT NULL REFERENCES feedback_submissions(id), song_id TEXT NOT NULL,
                vote INTEGER NOT NULL CHECK (vote IN (-1, 1)), PRIMARY KEY (submission_id, song_id)) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS feedback_votes_song ON feedback_votes(song_id);
            CREATE TABLE IF NOT EXISTS feedback_surveys (
                submission_id INTEGER PRIMARY KEY REFERENCES feedback_submissions(id),
                q1 INTEGER CHECK (q1 BETWEEN 1 AND 5), q2 INTEGER CHECK (q2 BETWEEN 1 AND 5),
                q3 INTEGER CHECK (q3 BETWEEN 1 AND 5), q4 INTEGER CHECK (q4 BETWEEN 1 AND 5));
            """, tx);
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"SELECT value FROM meta WHERE key = '{VersionKey}'";
        var version = cmd.ExecuteScalar() as string ?? "1";
        if (version == "1")
        {
            Execute(UpgradeTo2, tx);
            version = "2";
        }
        if (version != SchemaVersion.ToString(CultureInfo.InvariantCulture))
            throw new InvalidDataException($"{Path} has feedback schema version {version}; this build reads version {SchemaVersion}");
        Execute($"INSERT INTO meta(key, value) VALUES ('{VersionKey}', '{SchemaVersion}') ON CONFLICT(key) DO UPDATE SET value = excluded.value", tx);
        tx.Commit();
    }

    private void Execute(string sql, SqliteTransaction? tx = null)
    {
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    /// <summary>Validates and stores one submission in one transaction.</summary>
    public FeedbackReceipt Add(FeedbackSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        submission.Validate();
        var now = _clock.GetUtcNow();
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            long id;
            using (var cmd = _connection.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = """
                    INSERT INTO feedback_submissions(created_at, valence, arousal, emotion, source,
                        mode, target_valence, target_arousal, session, after_valence, after_arousal)
                    VALUES ($t, $v, $a, $e, $s, $mode, $tv, $ta, $session, $av, $aa) RETURNING id
                    """;
                cmd.Parameters.AddWithValue("$t", now.ToString("O", CultureInfo.InvariantCulture));
                cmd.Parameters.AddWithValue("$v", submission.Point.Valence);
                cmd.Parameters.AddWithValue("$a", submission.Point.Arousal);
                cmd.Parameters.AddWithValue("$e", (object?)submission.Emotion ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$s", submission.Source);
                cmd.Parameters.AddWithValue("$mode", (object?)submission.Mode ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$tv", (object?)submission.Target?.Valence ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$ta", (object?)submission.Target?.Arousal ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$session", (object?)submission.Session ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$av", (object?)submission.After?.Valence ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$aa", (object?)submission.After?.Arousal ?? DBNull.Value);
                id = (long)cmd.ExecuteScalar()!;
            }
            if (submission.Votes.Count > 0)
            {
                using var cmd = _connection.CreateCommand();
                cmd.Transaction = tx;
                cmd.CommandText = "INSERT INTO feedback_votes(submission_id, song_id, vote) VALUES ($id, $song, $vote)";
                cmd.Parameters.AddWithValue("$id", id);
                var song = cmd.Parameters.Add("$song", SqliteType.Text);
                var vote = cmd.Parameters.Add("$vote", SqliteType.Integer);
                foreach (var v in submission.Votes)
                {
                    song.Value = v.SongId;
                    vote.Value = (int)v.Vote;
                    cmd.ExecuteNonQuery();
                }
            }
            if (submission.Survey is { } s)
            {
                using var cmd = _connection.CreateCommand();
                cmd.Transaction = tx;
                cmd.CommandText = "INSERT INTO feedback_surveys(submission_id, q1, q2, q3, q4) VALUES ($id, $q1, $q2, $q3, $q4)";
                cmd.Parameters.AddWithValue("$id", id);
                cmd.Parameters.AddWithValue("$q1", (object?)s.Q1 ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$q2", (object?)s.Q2 ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$q3", (object?)s.Q3 ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$q4", (object?)s.Q4 ?? DBNull.Value);
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
            return new FeedbackReceipt(id, now, submission.Votes.Count, submission.Survey is not null);
        }
    }

    /// <summary>How many submissions, song votes and surveys are stored.</summary>
    public (int Submissions, int Votes, int Surveys) Count()
    {
        lock (_gate)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = """
                SELECT (SELECT COUNT(*) FROM feedback_submissions), (SELECT COUNT(*) FROM feedback_votes), (SELECT COUNT(*) FROM feedback_surveys)
                """;
            using var r = cmd.ExecuteReader();
            r.Read();
            return (r.GetInt32(0), r.GetInt32(1), r.GetInt32(2));
        }
    }

    /// <summary>
    /// Every stored row in submission order: a submission's song votes (by song id), then its survey. Song title and
    /// artists come from the catalog when the song is still in it.
    /// </summary>
    public IReadOnlyList<FeedbackRow> All()
    {
        lock (_gate)
        {
            bool hasSongs;
            using (var check = _connection.CreateCommand())
            {
                check.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'songs'";
                hasSongs = Convert.ToInt32(check.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
            }
            string songColumns = hasSongs ? "songs.title, songs.artists" : "NULL, NULL";
            string songJoin = hasSongs ? "LEFT JOIN songs ON songs.id = v.song_id" : "";
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = $"""
                SELECT s.id, s.created_at, 'song', s.valence, s.arousal, s.emotion, s.source, v.song_id, {songColumns}, v.vote,
                       NULL, NULL, NULL, NULL, {FeedbackRows.SubmissionColumns}, 0 AS part
                FROM feedback_votes v JOIN feedback_submissions s ON s.id = v.submission_id {songJoin}
                UNION ALL
                SELECT s.id, s.created_at, 'survey', s.valence, s.arousal, s.emotion, s.source, NULL, NULL, NULL, NULL,
                       q.q1, q.q2, q.q3, q.q4, {FeedbackRows.SubmissionColumns}, 1 AS part
                FROM feedback_surveys q JOIN feedback_submissions s ON s.id = q.submission_id
                UNION ALL
                SELECT s.id, s.created_at, 'mood', s.valence, s.arousal, s.emotion, s.source, NULL, NULL, NULL, NULL,
                       NULL, NULL, NULL, NULL, {FeedbackRows.SubmissionColumns}, 2 AS part
                FROM feedback_submissions s WHERE s.after_valence IS NOT NULL
                ORDER BY 1, part, 8
                """;
            using var r = cmd.ExecuteReader();
            return FeedbackRows.Read(r, (row, i) => DateTimeOffset.Parse(row.GetString(i), CultureInfo.InvariantCulture), JoinedArtists);
        }
    }

    private static string JoinedArtists(System.Data.Common.DbDataReader r, int i)
    {
        string artists = r.GetString(i);
        try { return string.Join("; ", JsonSerializer.Deserialize<string[]>(artists) ?? []); }
        catch (JsonException) { return artists; } // keep the raw text
    }

    /// <summary>Writes every row as CSV (see <see cref="FeedbackCsv"/>).</summary>
    public void ExportCsv(TextWriter writer) => FeedbackCsv.Write(writer, All());

    public void Dispose() => _connection.Dispose();
}
