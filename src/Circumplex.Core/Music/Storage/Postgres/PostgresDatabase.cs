using System.Globalization;
using System.Net.Sockets;
using Npgsql;

namespace Circumplex.Music.Storage.Postgres;

/// <summary>
/// One PostgreSQL database as the stores use it: a pooled, thread-safe data source; connections whose failures name
/// the server (never the password); and schema set-up that several web instances may run at the same moment.
/// </summary>
internal sealed class PostgresDatabase : IDisposable
{
    // Advisory-lock keys (any constant bigint; these spell "circ" plus a purpose) so that instances starting or
    // importing at once take turns instead of racing on CREATE TABLE or on an empty catalog.
    public const long SchemaLock = 0x63697263_0001;
    public const long ImportLock = 0x63697263_0002;

    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlConnectionStringBuilder _settings;

    public PostgresDatabase(string connectionString)
    {
        _settings = new NpgsqlConnectionStringBuilder(connectionString);
        Location = Describe(_settings);
        // A catalog import's COPY streams ~100 MB: with Npgsql's 8 KB buffer that is one send per 8 KB, which cost the
        // 600k-song import 0.1 s of system time. 128 KB per open connection is little beside the catalog it carries.
        _settings.WriteBufferSize = Math.Max(_settings.WriteBufferSize, 128 * 1024);
        _dataSource = NpgsqlDataSource.Create(_settings);
    }

    /// <summary>The database as a postgresql:// URI without its password.</summary>
    public string Location { get; }

    public static string Describe(NpgsqlConnectionStringBuilder b)
    {
        string host = string.IsNullOrEmpty(b.Host) ? "localhost" : b.Host;
        // A socket directory and an IPv6 address cannot stand in a URI's host as they are.
        if (host.StartsWith('/')) host = Uri.EscapeDataString(host);
        else if (host.Contains(':') && !host.StartsWith('[')) host = $"[{host}]";
        string user = string.IsNullOrEmpty(b.Username) ? "" : Uri.EscapeDataString(b.Username) + "@";
        string database = b.Database ?? b.Username ?? "";
        return string.Create(CultureInfo.InvariantCulture, $"postgresql://{user}{host}:{b.Port}/{Uri.EscapeDataString(database)}");
    }

    public NpgsqlConnection Open()
    {
        try
        {
            return _dataSource.OpenConnection();
        }
        catch (NpgsqlException e)
        {
            throw new DatabaseUnavailableException($"cannot open the PostgreSQL database {Location}: {Reason(e)}", e);
        }
    }

    private string Reason(NpgsqlException e) => e switch
    {
        PostgresException pg => pg.MessageText,
        { InnerException: SocketException s } => string.Create(CultureInfo.InvariantCulture,
            $"{s.Message} (is the server running and accepting connections on {_settings.Host}:{_settings.Port}?)"),
        { InnerException: TimeoutException } => $"no answer within {_settings.Timeout} s",
        _ => e.Message,
    };

    /// <summary>
    /// Creates the tables of one store if they are missing and brings them to the current schema version, all in one
    /// transaction under an advisory lock. <paramref name="ddl"/> creates version 1; <paramref name="upgrades"/>[i]
    /// moves version i + 1 to i + 2 (a new database passes through them too, so every upgrade runs in every test).
    /// The version is recorded in the shared <c>meta</c> table; a newer database than this build knows is refused.
    /// </summary>
    public void Migrate(string ddl, string versionKey, params string[] upgrades)
    {
        int version = 1 + upgrades.Length;
        using var connection = Open();
        using var tx = connection.BeginTransaction();
        Execute(connection, tx, $"SELECT pg_advisory_xact_lock({SchemaLock})");
        Execute(connection, tx, "CREATE TABLE IF NOT EXISTS meta (key text PRIMARY KEY, value text NOT NULL)");
        Execute(connection, tx, ddl);
        string? found;
        using (var cmd = new NpgsqlCommand("SELECT value FROM meta WHERE key = @key", connection, tx))
        {
            cmd.Parameters.AddWithValue("key", versionKey);
            found = cmd.ExecuteScalar() as string;
        }
        int current = found is null ? 1 : int.TryParse(found, NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : int.MaxValue;
        if (current > version)
            throw new InvalidDataException($"{Location} has {versionKey} {found}; this build reads version {version}");
        for (int step = current; step < version; step++) Execute(connection, tx, upgrades[step - 1]);
        if (found is null || current != version)
        {
            using var upsert = new NpgsqlCommand(
                "INSERT INTO meta(key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value", connection, tx);
            upsert.Parameters.AddWithValue("key", versionKey);
            upsert.Parameters.AddWithValue("value", version.ToString(CultureInfo.InvariantCulture));
            upsert.ExecuteNonQuery();
        }
        tx.Commit();
    }

    public static void Execute(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql)
    {
        using var cmd = new NpgsqlCommand(sql, connection, tx);
        cmd.ExecuteNonQuery();
    }

    /// <summary>
    /// The time as PostgreSQL's timestamptz keeps it (whole microseconds, UTC), so what a store returns equals what
    /// it later reads back, as with SQLite.
    /// </summary>
    public static DateTimeOffset Storable(DateTimeOffset t)
    {
        var utc = t.ToUniversalTime();
        return utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerMicrosecond));
    }

    public void Dispose() => _dataSource.Dispose();
}
