using Circumplex.Affect;
using Circumplex.Feedback;
using Circumplex.Music.Import;
using Circumplex.Music.Storage;
using Xunit;

namespace Circumplex.Tests.Feedback;

public class SqliteFeedbackStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("circumplex-feedback-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, true);
    }

    private string Db => Path.Combine(_dir, "circumplex.db");

    private const string SongA = "0123456789abcdefghijkA";
    private const string SongB = "0123456789abcdefghijkB";

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void Votes_and_survey_are_stored_with_their_point_and_time_and_survive_reopening()
    {
        var clock = new FixedClock(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
        using (var store = new SqliteFeedbackStore(Db, clock))
        {
            var r1 = store.Add(new FeedbackSubmission(new AffectPoint(0.5, -0.25), FeedbackSources.Photo, "happy",
                [new SongVote(SongB, Vote.Down), new SongVote(SongA, Vote.Up)], null));
            clock.Now = clock.Now.AddMinutes(1);
            var r2 = store.Add(new FeedbackSubmission(new AffectPoint(-0.1, 0.9), FeedbackSources.Manual, null, [], new SurveyAnswers(4, 3, null, 5)));
            Assert.Equal(2, r1.Votes);
            Assert.False(r1.Survey);
            Assert.True(r2.Survey);
            Assert.True(r2.SubmissionId > r1.SubmissionId);
        }
        using (var store = new SqliteFeedbackStore(Db))
        {
            Assert.Equal((2, 2, 1), store.Count());
            var rows = store.All();
            Assert.Equal(3, rows.Count);
            Assert.Equal(("song", SongA, Vote.Up), (rows[0].Kind, rows[0].SongId, rows[0].Vote!.Value));
            Assert.Equal(("song", SongB, Vote.Down), (rows[1].Kind, rows[1].SongId, rows[1].Vote!.Value));
            Assert.Equal(0.5, rows[0].Valence);
            Assert.Equal(-0.25, rows[0].Arousal);
            Assert.Equal("happy", rows[0].Emotion);
            Assert.Equal(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero), rows[0].CreatedAt);
            var survey = rows[2];
            Assert.Equal("survey", survey.Kind);
            Assert.Equal((4, 3, (int?)null, 5), (survey.Q1!.Value, survey.Q2!.Value, survey.Q3, survey.Q4!.Value));
            Assert.Equal(FeedbackSources.Manual, survey.Source);
            Assert.Null(survey.SongId);
        }
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("bad-id")]
    [InlineData("twice")]
    [InlineData("likert-6")]
    [InlineData("likert-0")]
    [InlineData("no-answer")]
    [InlineData("source")]
    public void Invalid_submissions_are_refused_and_nothing_is_written(string kind)
    {
        var p = new AffectPoint(0, 0);
        FeedbackSubmission s = kind switch
        {
            "empty" => new(p, FeedbackSources.Photo, null, [], null),
            "bad-id" => new(p, FeedbackSources.Photo, null, [new SongVote("nope", Vote.Up)], null),
            "twice" => new(p, FeedbackSources.Photo, null, [new SongVote(SongA, Vote.Up), new SongVote(SongA, Vote.Down)], null),
            "likert-6" => new(p, FeedbackSources.Photo, null, [], new SurveyAnswers(6, null, null, null)),
            "likert-0" => new(p, FeedbackSources.Photo, null, [], new SurveyAnswers(1, 2, 0, 4)),
            "no-answer" => new(p, FeedbackSources.Photo, null, [], new SurveyAnswers(null, null, null, null)),
            _ => new(p, "camera", null, [new SongVote(SongA, Vote.Up)], null),
        };
        using var store = new SqliteFeedbackStore(Db);
        Assert.ThrowsAny<ArgumentException>(() => store.Add(s));
        Assert.Equal((0, 0, 0), store.Count());
    }

    [Fact]
    public void Lives_beside_the_catalog_in_one_file_and_export_names_the_songs()
    {
        string csv = Path.Combine(_dir, "c.csv");
        File.WriteAllLines(csv,
        [
            SyntheticCatalog.Kaggle600kHeader,
            SyntheticCatalog.Row(SongA, "Quote \"me\", please", ["Uli", "Guest, Jr"], 0.9, 0.8),
        ]);
        using (var catalog = new SqliteCatalogStore(Db)) catalog.Import(CatalogReader.Read(csv), "c.csv");
        using (var store = new SqliteFeedbackStore(Db))
        {
            store.Add(new FeedbackSubmission(new AffectPoint(0.8, 0.6), FeedbackSources.Photo, "happy",
                [new SongVote(SongA, Vote.Up), new SongVote(SongB, Vote.Down)], new SurveyAnswers(5, 1, 3, 2)));
            var w = new StringWriter();
            store.ExportCsv(w);
            var lines = w.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(FeedbackCsv.Header, lines[0]);
            Assert.Equal(4, lines.Length);
            Assert.Matches(@"^1,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z,song,0\.8,0\.6,happy,photo,0123456789abcdefghijkA,""Quote """"me"""", please"",""Uli; Guest, Jr"",up,,,,$", lines[1]);
            Assert.EndsWith($",song,0.8,0.6,happy,photo,{SongB},,,down,,,,", lines[2]); // no longer (or never) in the catalog
            Assert.EndsWith(",survey,0.8,0.6,happy,photo,,,,,5,1,3,2", lines[3]);
        }
        // The catalog still opens (shared meta table, own version keys) and is untouched.
        using (var catalog = new SqliteCatalogStore(Db)) Assert.Equal(1, catalog.Count());
    }

    [Fact]
    public void Export_of_an_empty_store_is_the_header_only()
    {
        using var store = new SqliteFeedbackStore(Db);
        var w = new StringWriter();
        store.ExportCsv(w);
        Assert.Equal(FeedbackCsv.Header + "\r\n", w.ToString());
    }

    [Fact]
    public void Concurrent_submissions_are_all_kept()
    {
        using var store = new SqliteFeedbackStore(Db);
        Parallel.For(0, 40, i =>
            store.Add(new FeedbackSubmission(new AffectPoint(i / 40.0, 0), FeedbackSources.Manual, null, [], new SurveyAnswers(1 + i % 5, null, null, null))));
        Assert.Equal((40, 0, 40), store.Count());
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
