using System.Collections.Concurrent;
using System.Text.Json;
using Circumplex.Music;
using Microsoft.Data.Sqlite;

namespace Circumplex.Web;

/// <summary>
/// Reads songs by id from the catalog database through a small pool of read-only connections, each with one prepared
/// primary-key lookup, so concurrent requests never wait on one lock. WAL mode lets them read while an import writes.
/// </summary>
internal sealed class SongLookup : IDisposable
{
    private readonly string _connectionString;
    private readonly ConcurrentBag<Reader> _idle = [];
    private readonly int _maxIdle = Math.Max(4, Environment.ProcessorCount * 4);
    private volatile bool _disposed;

    public SongLookup(string databasePath)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            Cache = SqliteCacheMode.Private,
        }.ToString();
    }

    public Song? Find(string id)
    {
        var reader = Rent();
        try
        {
            return reader.Find(id);
        }
        finally
        {
            Return(reader);
        }
    }

    private Reader Rent() => _idle.TryTake(out var r) ? r : new Reader(_connectionString);

    private void Return(Reader reader)
    {
        if (_disposed || _idle.Count >= _maxIdle) reader.Dispose();
        else _idle.Add(reader);
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var r)) r.Dispose();
    }

    private sealed class Reader : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _command;
        private readonly SqliteParameter _id;

        public Reader(string connectionString)
        {
            _connection = new SqliteConnection(connectionString);
            _connection.Open();
            using (var pragma = _connection.CreateCommand())
            {
                pragma.CommandText = "PRAGMA busy_timeout=5000;";
                pragma.ExecuteNonQuery();
            }
            _command = _connection.CreateCommand();
            _command.CommandText = "SELECT id, title, artists, album, year, popularity, explicit, valence, energy FROM songs WHERE id = $id";
            _id = _command.Parameters.Add("$id", SqliteType.Text);
            _command.Prepare();
        }

        public Song? Find(string id)
        {
            _id.Value = id;
            using var r = _command.ExecuteReader();
            if (!r.Read()) return null;
            return new Song(
                r.GetString(0), r.GetString(1),
                JsonSerializer.Deserialize(r.GetString(2), WebJsonContext.Default.StringArray) ?? [],
                r.IsDBNull(3) ? null : r.GetString(3),
                r.IsDBNull(4) ? null : r.GetInt32(4),
                r.IsDBNull(5) ? null : r.GetInt32(5),
                r.IsDBNull(6) ? null : r.GetInt32(6) != 0,
                r.GetDouble(7), r.GetDouble(8));
        }

        public void Dispose()
        {
            _command.Dispose();
            _connection.Dispose();
        }
    }
}
