using System.Globalization;
using Npgsql;

namespace Circumplex.Tests.Postgres;

/// <summary>
/// One test's database in the shared cluster: created on first use (so a test skips right there when the server
/// binaries are absent) and dropped when the test ends.
/// </summary>
public sealed class TestDatabase(PostgresCluster cluster) : IDisposable
{
    private string? _connectionString;

    /// <summary>The keyword connection string (TCP, with the password).</summary>
    public string ConnectionString => _connectionString ??= cluster.CreateDatabase();

    /// <summary>The same database as the postgresql:// URI a user would give --db, password included.</summary>
    public string Uri
    {
        get
        {
            var b = new NpgsqlConnectionStringBuilder(ConnectionString);
            return string.Create(CultureInfo.InvariantCulture,
                $"postgresql://{b.Username}:{System.Uri.EscapeDataString(b.Password!)}@{b.Host}:{b.Port}/{b.Database}");
        }
    }

    /// <summary>The name of the database.</summary>
    public string Name => new NpgsqlConnectionStringBuilder(ConnectionString).Database!;

    public void Dispose()
    {
        if (_connectionString is not null) cluster.DropDatabase(_connectionString);
    }
}
