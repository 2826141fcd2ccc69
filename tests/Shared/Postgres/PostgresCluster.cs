using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;
using Xunit;

namespace Circumplex.Tests.Postgres;

/// <summary>
/// A throwaway PostgreSQL cluster for the tests: initdb in a temporary folder, started with pg_ctl on a free
/// loopback port (and a socket in that folder), one fresh database per test, stopped and deleted at the end.
/// initdb and pg_ctl refuse to run as root, so as root they run as the <c>postgres</c> user. Without the server
/// binaries the tests skip with a message; any other failure to start fails them.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    public const string BinEnvironmentVariable = "CIRCUMPLEX_PG_BIN";
    public const string Superuser = "postgres";

    private string? _bin;
    private string? _folder;
    private string? _skip;
    private int _databases;

    /// <summary>The superuser's password over TCP (the socket trusts local connections).</summary>
    public string Password { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();

    public int Port { get; private set; }

    public string SocketFolder => _folder ?? throw new InvalidOperationException("the cluster is not running");

    private string DataFolder => Path.Combine(SocketFolder, "data");

    private static bool AsRoot => Environment.IsPrivilegedProcess;

    public ValueTask InitializeAsync()
    {
        _bin = LocateBinaries();
        if (_bin is null)
        {
            string? fromEnv = Environment.GetEnvironmentVariable(BinEnvironmentVariable);
            _skip = (string.IsNullOrEmpty(fromEnv)
                    ? "PostgreSQL server binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/*/bin or on PATH"
                    : $"{BinEnvironmentVariable}={fromEnv} holds no initdb and pg_ctl")
                + $": install Debian's postgresql package (scripts/setup.sh does) or set {BinEnvironmentVariable} to their folder";
            return ValueTask.CompletedTask;
        }
        _folder = AsRoot
            ? Run("mktemp", "-d", Path.Combine(Path.GetTempPath(), "circumplex-pg-XXXXXX")).Trim()
            : Directory.CreateTempSubdirectory("circumplex-pg-").FullName;
        string passwordFile = Path.Combine(_folder, "password");
        File.WriteAllText(passwordFile, Password + "\n");
        Run(Path.Combine(_bin, "initdb"), "-D", DataFolder, "-U", Superuser, "--pwfile", passwordFile,
            "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync");
        File.Delete(passwordFile);
        // A free port can be taken between the probe and the start: try a few.
        for (int attempt = 1; ; attempt++)
        {
            Port = FreePort();
            try
            {
                Run(Path.Combine(_bin, "pg_ctl"), "-D", DataFolder, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60",
                    "-o", $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off", "start");
                return ValueTask.CompletedTask;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
    }

    /// <summary>Skips the calling test when the server binaries are absent.</summary>
    public void Require()
    {
        if (_skip is not null) Assert.Skip(_skip);
    }

    /// <summary>A new empty database; its keyword connection string logs in over TCP with the password.</summary>
    public string CreateDatabase()
    {
        Require();
        string name = $"t{Interlocked.Increment(ref _databases)}";
        using (var admin = new NpgsqlConnection(SocketConnectionString("postgres")))
        {
            admin.Open();
            using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            cmd.ExecuteNonQuery();
        }
        return TcpConnectionString(name);
    }

    public string TcpConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1", Port = Port, Username = Superuser, Password = Password, Database = database,
    }.ConnectionString;

    public string SocketConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = SocketFolder, Port = Port, Username = Superuser, Database = database, Pooling = false,
    }.ConnectionString;

    /// <summary>Drops a database made by <see cref="CreateDatabase"/>, closing whatever still uses it.</summary>
    public void DropDatabase(string connectionString)
    {
        if (_folder is null) return;
        string name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        using var admin = new NpgsqlConnection(SocketConnectionString("postgres"));
        admin.Open();
        using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
        cmd.ExecuteNonQuery();
    }

    public ValueTask DisposeAsync()
    {
        if (_folder is not null && _bin is not null)
        {
            NpgsqlConnection.ClearAllPools();
            if (File.Exists(Path.Combine(DataFolder, "postmaster.pid")))
                Run(Path.Combine(_bin, "pg_ctl"), "-D", DataFolder, "-m", "immediate", "-w", "stop");
            Directory.Delete(_folder, recursive: true);
            _folder = null;
        }
        return ValueTask.CompletedTask;
    }

    private static string? LocateBinaries()
    {
        static bool Complete(string dir) => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"));
        string? fromEnv = Environment.GetEnvironmentVariable(BinEnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnv)) return Complete(fromEnv) ? fromEnv : null;
        const string debian = "/usr/lib/postgresql";
        if (Directory.Exists(debian))
        {
            // The newest installed major version.
            var newest = Directory.GetDirectories(debian)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out int v) ? v : -1))
                .Where(d => d.Version >= 0 && Complete(d.Dir))
                .OrderByDescending(d => d.Version)
                .FirstOrDefault();
            if (newest.Dir is not null) return newest.Dir;
        }
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).FirstOrDefault(d => d.Length > 0 && Complete(d));
    }

    /// <summary>A loopback port that nothing listened on a moment ago.</summary>
    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>Runs a tool to its end (as the postgres user when we are root); its output, or an exception with it.</summary>
    private static string Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(AsRoot ? "runuser" : tool)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        if (AsRoot) foreach (var a in new[] { "-u", Superuser, "--", tool }) start.ArgumentList.Add(a);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {tool}");
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{tool} {string.Join(' ', args)} exited with {process.ExitCode}: {stderr.Result}{stdout}");
        return stdout;
    }
}

/// <summary>The tests that share the cluster; they run one class at a time (two cores, one server).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "postgres";
}
