using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Circumplex.Music.Storage;

/// <summary>
/// Reads songs by id from a catalog file through a small pool of read-only connections, each with one prepared
/// primary-key lookup, so concurrent requests never wait on one lock. WAL mode lets them read while an import writes.
/// </summary>
internal sealed class SqliteSongReaders : IDisposable
{
    private readonly string _connectionString;
    private readonly ConcurrentBag<Reader> _idle = [];
    private readonly int _maxIdle = Math.Max(4, Environment.ProcessorCount * 4);
    private volatile bool _disposed;

    public SqliteSongReaders(string databasePath)
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
            _command.CommandText = $"{SqliteCatalogStore.SelectSong} WHERE id = $id";
            _id = _command.Parameters.Add("$id", SqliteType.Text);
            _command.Prepare();
        }

        public Song? Find(string id)
        {
            _id.Value = id;
            using var r = _command.ExecuteReader();
            return r.Read() ? SqliteCatalogStore.ReadSong(r) : null;
        }

        public void Dispose()
        {
            _command.Dispose();
            _connection.Dispose();
        }
    }
}
