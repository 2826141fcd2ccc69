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
