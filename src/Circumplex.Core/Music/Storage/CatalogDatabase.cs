using Circumplex.Feedback;
using Circumplex.Feedback.Postgres;
using Circumplex.Music.Storage.Postgres;

namespace Circumplex.Music.Storage;

/// <summary>
/// Which database --db (or CIRCUMPLEX_DB) names and how to open its stores: a file path means the embedded SQLite
/// database; a <c>postgres://</c> or <c>postgresql://</c> URI, or an Npgsql keyword string naming a Host, means
/// PostgreSQL (see <see cref="PostgresConnectionString"/>).
/// </summary>
public static class CatalogDatabase
{
    public const string EnvironmentVariable = "CIRCUMPLEX_DB";

    /// <summary>CIRCUMPLEX_DB when set, else the SQLite file of <see cref="DefaultFilePath"/>.</summary>
    public static string DefaultPath()
    {
        string? fromEnv = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrWhiteSpace(fromEnv) ? DefaultFilePath() : fromEnv;
    }

    /// <summary>The SQLite file used when nothing else is said: ~/.local/share/circumplex/circumplex.db.</summary>
    public static string DefaultFilePath()
    {
        string dataHome = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(dataHome))
            dataHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(dataHome, "circumplex", "circumplex.db");
    }

    public static bool IsPostgres(string database) => PostgresConnectionString.Matches(database);

    public static ICatalogStore OpenCatalog(string database) =>
        IsPostgres(database) ? new NpgsqlCatalogStore(PostgresConnectionString.Parse(database)) : new SqliteCatalogStore(database);

    public static IFeedbackStore OpenFeedback(string database, TimeProvider? clock = null) =>
        IsPostgres(database) ? new NpgsqlFeedbackStore(PostgresConnectionString.Parse(database), clock) : new SqliteFeedbackStore(database, clock);

    /// <summary>The database as it may be shown or logged: the file path, or a PostgreSQL URI without the password.</summary>
    public static string Describe(string database)
    {
        if (!IsPostgres(database)) return database;
        try
        {
            return PostgresDatabase.Describe(new Npgsql.NpgsqlConnectionStringBuilder(PostgresConnectionString.Parse(database)));
        }
        catch (ArgumentException)
        {
            return PostgresConnectionString.Redact(database);
        }
    }
}
