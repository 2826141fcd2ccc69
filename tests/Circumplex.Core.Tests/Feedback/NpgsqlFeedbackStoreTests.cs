using Circumplex.Feedback;
using Circumplex.Feedback.Postgres;
using Circumplex.Music.Storage;
using Circumplex.Music.Storage.Postgres;
using Circumplex.Tests.Postgres;
using Npgsql;
using Xunit;

namespace Circumplex.Tests.Feedback;

/// <summary>The feedback contract on PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public class NpgsqlFeedbackStoreTests(PostgresCluster cluster) : FeedbackStoreContract
{
    private readonly TestDatabase _database = new(cluster);

    private string Database => _database.ConnectionString;

    protected override IFeedbackStore Open(TimeProvider? clock = null) => new NpgsqlFeedbackStore(Database, clock);

    protected override ICatalogStore OpenCatalog() => new NpgsqlCatalogStore(Database);

    public override void Dispose()
    {
        _database.Dispose();
        base.Dispose();
    }

    [Fact]
    public void A_database_of_another_feedback_schema_version_is_refused()
    {
        using (Open()) { }
        using (var connection = new NpgsqlConnection(Database))
        {
            connection.Open();
            using var cmd = new NpgsqlCommand("UPDATE meta SET value = '2' WHERE key = 'feedback_schema_version'", connection);
            Assert.Equal(1, cmd.ExecuteNonQuery());
        }
        var e = Assert.Throws<InvalidDataException>(() => Open());
        Assert.Contains("feedback_schema_version 2", e.Message);
        using var catalog = OpenCatalog(); // the catalog's own version key is untouched
        Assert.Equal(0, catalog.Count());
    }
}
