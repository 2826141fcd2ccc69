using Circumplex.Affect;
using Circumplex.Feedback;
using Circumplex.Music.Import;
using Circumplex.Music.Storage;
using Xunit;

namespace Circumplex.Tests.Feedback;

/// <summary>
/// What every feedback backend must do, run once per backend (SPEC §6: same behaviour, same tests). A subclass says
/// how to open its feedback and catalog stores on one database that is fresh for each test.
/// </summary>
public abstract class FeedbackStoreContract : IDisposable
{
    protected string Folder { get; } = Directory.CreateTempSubdirectory("circumplex-feedback-").FullName;

    /// <summary>Opens (or reopens) the feedback store on this test's database.</summary>
    protected abstract IFeedbackStore Open(TimeProvider? clock = null);

    /// <summary>Opens the catalog store on the same database.</summary>
    protected abstract ICatalogStore OpenCatalog();

    /// <summary>
    /// Writes feedback as the version-1 schema held it, straight in SQL (as a build before journeys left it): one
    /// submission at (0.25, -0.5) from a photo, "sad", with an up vote for <see cref="SongA"/> and a survey (5, 4, 3, 2).
    /// </summary>
    protected abstract void WriteVersion1Feedback();

    /// <summary>The feedback schema version the database records.</summary>
    protected abstract string RecordedVersion();

    public virtual void Dispose()
    {
        Directory.Delete(Folder, true);
        GC.SuppressFinalize(this);
    }

    protected const string SongA = "0123456789abcdefghijkA";
    protected const string SongB = "0123456789abcdefghijkB";

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void Votes_and_survey_are_stored_with_their_point_and_time_and_survive_reopening()
    {
        var clock = new FixedClock(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
        using (var store = Open(clock))
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
        using (var store = Open())
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
    [InlineData("emotion")]
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
            "emotion" => new(p, FeedbackSources.Photo, "=HYPERLINK(\"http://x\")", [new SongVote(SongA, Vote.Up)], null),
            _ => new(p, "camera", null, [new SongVote(SongA, Vote.Up)], null),
        };
        using var store = Open();
        Assert.ThrowsAny<ArgumentException>(() => store.Add(s));
        Assert.Equal((0, 0, 0), store.Count());
    }

    [Fact]
    public void Lives_beside_the_catalog_in_one_file_and_export_names_the_songs()
    {
        string csv = Path.Combine(Folder, "c.csv");
        File.WriteAllLines(csv,
        [
            SyntheticCatalog.Kaggle600kHeader,
            SyntheticCatalog.Row(SongA, "Quote \"me\", please", ["Uli", "Guest, Jr"], 0.9, 0.8),
        ]);
        using (var catalog = OpenCatalog()) catalog.Import(CatalogReader.Read(csv), "c.csv");
        using (var store = Open())
        {
            store.Add(new FeedbackSubmission(new AffectPoint(0.8, 0.6), FeedbackSources.Photo, "happy",
                [new SongVote(SongA, Vote.Up), new SongVote(SongB, Vote.Down)], new SurveyAnswers(5, 1, 3, 2)));
            var w = new StringWriter();
            store.ExportCsv(w);
            var lines = w.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(FeedbackCsv.Header, lines[0]);
            Assert.Equal(4, lines.Length);
            Assert.Matches(@"^1,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z,song,0\.8,0\.6,happy,photo,0123456789abcdefghijkA,""Quote """"me"""", please"",""Uli; Guest, Jr"",up,,,,,,,,,,$", lines[1]);
            Assert.EndsWith($",song,0.8,0.6,happy,photo,{SongB},,,down,,,,,,,,,,", lines[2]); // no longer (or never) in the catalog
            Assert.EndsWith(",survey,0.8,0.6,happy,photo,,,,,5,1,3,2,,,,,,", lines[3]);
        }
        // The catalog still opens (shared meta table, own version keys) and is untouched.
        using (var catalog = OpenCatalog()) Assert.Equal(1, catalog.Count());
    }

    [Fact]
    public void Export_of_an_empty_store_is_the_header_only()
    {
        using var store = Open();
        var w = new StringWriter();
        store.ExportCsv(w);
        Assert.Equal(FeedbackCsv.Header + "\r\n", w.ToString());
    }

    [Fact]
    public void Concurrent_submissions_are_all_kept()
    {
        using var store = Open();
        Parallel.For(0, 40, i =>
            store.Add(new FeedbackSubmission(new AffectPoint(i / 40.0, 0), FeedbackSources.Manual, null, [], new SurveyAnswers(1 + i % 5, null, null, null))));
        Assert.Equal((40, 0, 40), store.Count());
    }

    [Fact]
    public void The_receipt_time_is_the_stored_time()
    {
        var at = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);
        using var store = Open(new FixedClock(at));
        var receipt = store.Add(new FeedbackSubmission(new AffectPoint(0.1, 0.2), FeedbackSources.Manual, null, [new SongVote(SongA, Vote.Up)], null));
        var row = Assert.Single(store.All());
        Assert.Equal(receipt.CreatedAt, row.CreatedAt);
        Assert.Equal(receipt.SubmissionId, row.SubmissionId);
        Assert.True((at - row.CreatedAt).Duration() < TimeSpan.FromMicroseconds(1), $"{row.CreatedAt:O} for {at:O}");
        Assert.Equal(TimeSpan.Zero, row.CreatedAt.Offset);
    }

    [Fact]
    public void Votes_are_listed_by_ordinal_song_id_and_outlive_the_catalog()
    {
        string lower = "0123456789abcdefghijka", upper = "0123456789abcdefghijkZ", digit = "0123456789abcdefghijk0";
        string csv = Path.Combine(Folder, "c.csv");
        File.WriteAllLines(csv, [SyntheticCatalog.Kaggle600kHeader, SyntheticCatalog.Row(lower, "Lower", ["L"], 0.5, 0.5)]);
        using (var catalog = OpenCatalog()) catalog.Import(CatalogReader.Read(csv), "c.csv");
        using var store = Open();
        store.Add(new FeedbackSubmission(new AffectPoint(0, 0), FeedbackSources.Photo, null,
            [new SongVote(lower, Vote.Up), new SongVote(upper, Vote.Down), new SongVote(digit, Vote.Up)], null));
        Assert.Equal([digit, upper, lower], store.All().Select(r => r.SongId)); // '0' < 'Z' < 'a' in ordinal order
        Assert.Equal("Lower", store.All()[2].Title);
        File.WriteAllLines(csv, [SyntheticCatalog.Kaggle600kHeader, SyntheticCatalog.Row(upper, "Upper", ["U"], 0.5, 0.5)]);
        using (var catalog = OpenCatalog()) catalog.Import(CatalogReader.Read(csv), "c.csv", replaceExisting: true);
        var rows = store.All();
        Assert.Equal((1, 3, 0), store.Count());
        Assert.Equal([null, "Upper", null], rows.Select(r => r.Title));
    }

    [Fact]
    public void Mode_target_session_and_the_mood_after_are_kept_and_exported()
    {
        using (var store = Open())
        {
            store.Add(new FeedbackSubmission(new AffectPoint(-0.6, -0.4), FeedbackSources.Photo, "sad",
                [new SongVote(SongA, Vote.Up)], null, FeedbackModes.Lift, new AffectPoint(0.6, -0.1), "visit-1"));
            store.Add(new FeedbackSubmission(new AffectPoint(-0.6, -0.4), FeedbackSources.Manual, null, [], null,
                FeedbackModes.Lift, new AffectPoint(0.6, -0.1), "visit-1", After: new AffectPoint(0.2, -0.3)));
            store.Add(new FeedbackSubmission(new AffectPoint(0.5, 0.5), FeedbackSources.Photo, null, [], new SurveyAnswers(1, 5, null, null),
                FeedbackModes.Match, Session: "visit-2"));
        }
        using (var store = Open())
        {
            var rows = store.All();
            Assert.Equal(["song", "mood", "survey"], rows.Select(r => r.Kind));
            Assert.Equal(("lift", 0.6, -0.1, "visit-1"), (rows[0].Mode, rows[0].TargetValence!.Value, rows[0].TargetArousal!.Value, rows[0].Session));
            Assert.Null(rows[0].AfterValence);
            Assert.Equal((-0.6, -0.4, 0.2, -0.3), (rows[1].Valence, rows[1].Arousal, rows[1].AfterValence!.Value, rows[1].AfterArousal!.Value));
            Assert.Equal(("match", (double?)null, "visit-2"), (rows[2].Mode, rows[2].TargetValence, rows[2].Session));
            var w = new StringWriter();
            store.ExportCsv(w);
            var lines = w.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.EndsWith(",song,-0.6,-0.4,sad,photo,0123456789abcdefghijkA,,,up,,,,,lift,0.6,-0.1,visit-1,,", lines[1]);
            Assert.EndsWith(",mood,-0.6,-0.4,,manual,,,,,,,,,lift,0.6,-0.1,visit-1,0.2,-0.3", lines[2]);
            Assert.EndsWith(",survey,0.5,0.5,,photo,,,,,1,5,,,match,,,visit-2,,", lines[3]);
        }
    }

    [Theory]
    [InlineData("mode")]
    [InlineData("target-without-lift")]
    [InlineData("session")]
    public void Bad_journey_fields_are_refused(string kind)
    {
        var p = new AffectPoint(0, 0);
        FeedbackSubmission s = kind switch
        {
            "mode" => new(p, FeedbackSources.Photo, null, [new SongVote(SongA, Vote.Up)], null, "shuffle"),
            "target-without-lift" => new(p, FeedbackSources.Photo, null, [new SongVote(SongA, Vote.Up)], null, FeedbackModes.Match, new AffectPoint(0.5, 0)),
            _ => new(p, FeedbackSources.Photo, null, [new SongVote(SongA, Vote.Up)], null, Session: "a b"),
        };
        using var store = Open();
        Assert.ThrowsAny<ArgumentException>(() => store.Add(s));
        Assert.Equal((0, 0, 0), store.Count());
    }

    [Fact]
    public void A_version_1_database_is_upgraded_in_place_and_loses_no_row()
    {
        WriteVersion1Feedback();
        using (var store = Open())
        {
            Assert.Equal("2", RecordedVersion());
            Assert.Equal((1, 1, 1), store.Count());
            var rows = store.All();
            Assert.Equal(["song", "survey"], rows.Select(r => r.Kind));
            Assert.Equal((0.25, -0.5, "sad", "photo", SongA, Vote.Up), (rows[0].Valence, rows[0].Arousal, rows[0].Emotion, rows[0].Source, rows[0].SongId, rows[0].Vote!.Value));
            Assert.Equal((5, 4, 3, 2), (rows[1].Q1!.Value, rows[1].Q2!.Value, rows[1].Q3!.Value, rows[1].Q4!.Value));
            Assert.All(rows, r => Assert.True(r.Mode is null && r.Session is null && r.AfterValence is null));
            store.Add(new FeedbackSubmission(new AffectPoint(0, 0), FeedbackSources.Manual, null, [], null, FeedbackModes.Match, After: new AffectPoint(0.1, 0.1)));
        }
        using (var store = Open()) // opening an upgraded database again changes nothing
        {
            Assert.Equal("2", RecordedVersion());
            Assert.Equal((2, 1, 1), store.Count());
            Assert.Equal(["song", "survey", "mood"], store.All().Select(r => r.Kind));
        }
    }
}
