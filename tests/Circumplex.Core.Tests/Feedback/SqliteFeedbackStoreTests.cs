using Circumplex.Feedback;
using Circumplex.Music.Storage;
using Xunit;

namespace Circumplex.Tests.Feedback;

/// <summary>The feedback contract on SQLite, plus what only a file-based store has.</summary>
public class SqliteFeedbackStoreTests : FeedbackStoreContract
{
    private string Db => Path.Combine(Folder, "circumplex.db");

    protected override IFeedbackStore Open(TimeProvider? clock = null) => new SqliteFeedbackStore(Db, clock);

    protected override ICatalogStore OpenCatalog() => new SqliteCatalogStore(Db);

    protected override void WriteVersion1Feedback()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Db};Pooling=False");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            INSERT INTO meta VALUES ('feedback_schema_version', '1');
            CREATE TABLE feedback_submissions (
                id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, valence REAL NOT NULL, arousal REAL NOT NULL,
                emotion TEXT, source TEXT NOT NULL);
            CREATE TABLE feedback_votes (
                submission_id INTEGER NOT NULL REFERENCES feedback_submissions(id), song_id TEXT NOT NULL,
                vote INTEGER NOT NULL CHECK (vote IN (-1, 1)), PRIMARY KEY (submission_id, song_id)) WITHOUT ROWID;
            CREATE TABLE feedback_surveys (
                submission_id INTEGER PRIMARY KEY REFERENCES feedback_submissions(id), q1 INTEGER, q2 INTEGER, q3 INTEGER, q4 INTEGER);
            INSERT INTO feedback_submissions VALUES (1, '2025-03-01T12:00:00.0000000+00:00', 0.25, -0.5, 'sad', 'photo');
            INSERT INTO feedback_votes VALUES (1, '0123456789abcdefghijkA', 1);
            INSERT INTO feedback_surveys VALUES (1, 5, 4, 3, 2);
            """;
        cmd.ExecuteNonQuery();
    }

    protected override string RecordedVersion()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Db};Pooling=False");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT value FROM meta WHERE key = 'feedback_schema_version'";
        return (string)cmd.ExecuteScalar()!;
    }

    [Fact]
    public void A_newer_feedback_schema_is_refused()
    {
        using (Open()) { }
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Db};Pooling=False"))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "UPDATE meta SET value = '3' WHERE key = 'feedback_schema_version'";
            Assert.Equal(1, cmd.ExecuteNonQuery());
        }
        Assert.Contains("feedback schema version 3", Assert.Throws<InvalidDataException>(() => Open()).Message);
    }

    public override void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        base.Dispose();
    }

    [Fact]
    public void Refuses_a_file_that_is_not_sqlite()
    {
        File.WriteAllText(Db, "id,name\nnot a database at all\n");
        var e = Assert.Throws<InvalidDataException>(() => new SqliteFeedbackStore(Db));
        Assert.Contains("not a SQLite database", e.Message);
    }

    [Fact]
    public void The_survey_statements_are_the_papers_four()
    {
        Assert.Equal(4, LikertSurvey.Statements.Count);
        Assert.StartsWith("I prefer listening to music that matches my mood closely.", LikertSurvey.Statements[0]);
        Assert.Equal(5, LikertSurvey.ScaleLabels.Count);
    }
}
