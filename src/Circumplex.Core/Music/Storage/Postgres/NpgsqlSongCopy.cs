using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Npgsql;

namespace Circumplex.Music.Storage.Postgres;

/// <summary>
/// A binary COPY of songs, encoded and sent on a thread of its own. The parser hands songs over in batches and goes on
/// parsing while this thread encodes them (<see cref="SongCopyEncoder"/>) and sends them in 64 KB pieces, so that on
/// two cores the file is parsed, encoded and stored at once. For 600k songs PostgreSQL needs about 0.8 s for the COPY
/// itself; the client was the bottleneck, and together with the encoder this took the reading half of
/// `catalog import` from about 2.9 s to 2.2 s.
/// </summary>
internal sealed class NpgsqlSongCopy : IDisposable
{
    private const int BatchSize = 1024;

    private const int SendSize = 64 * 1024;

    private readonly NpgsqlRawCopyStream _stream;
    private readonly SongCopyEncoder _encoder = new();
    private readonly long _importId;
    // A few batches in flight: enough to keep both threads busy, little enough that the songs held stay small.
    private readonly BlockingCollection<Song[]> _batches = new(boundedCapacity: 16);
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _writer;
    private Song[] _batch = new Song[BatchSize];
    private int _count;
    private volatile ExceptionDispatchInfo? _failure; // set by the writer, read by the parser
    private bool _ended;
    private bool _finishing; // the end of the COPY was sent: nothing left to cancel

    public NpgsqlSongCopy(NpgsqlConnection connection, string table, long importId)
    {
        _stream = connection.BeginRawBinaryCopy($"COPY {table} ({SongCopyEncoder.Columns}) FROM STDIN (FORMAT BINARY)");
        _importId = importId;
        _writer = new Thread(Write) { IsBackground = true, Name = "PostgreSQL COPY" };
        _writer.Start();
    }

    public void Add(Song song)
    {
        ObjectDisposedException.ThrowIf(_ended, this);
        _batch[_count++] = song;
        if (_count == BatchSize) HandOver();
    }

    /// <summary>Sends what is left, waits for the writer and ends the COPY; the writer's failure, if any, is thrown here.</summary>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_ended, this);
        HandOver();
        _batches.CompleteAdding();
        _writer.Join();
        _ended = true;
        _failure?.Throw();
        _encoder.End();
        _stream.Write(_encoder.Encoded);
        _finishing = true;
        _stream.Dispose(); // ends the COPY: PostgreSQL's refusal of a row, if any, is thrown here
    }

    private void HandOver()
    {
        if (_count == 0) return;
        var full = _count == BatchSize ? _batch : _batch[.._count];
        _batch = new Song[BatchSize];
        _count = 0;
        try
        {
            _batches.Add(full, _stop.Token);
        }
        catch (OperationCanceledException) when (_failure is not null)
        {
            // The writer stopped on an error: thrown below.
        }
        _failure?.Throw();
    }

    private void Write()
    {
        try
        {
            foreach (var batch in _batches.GetConsumingEnumerable(_stop.Token))
            {
                foreach (var song in batch) _encoder.Row(song, _importId);
                if (_encoder.Length < SendSize) continue;
                _stream.Write(_encoder.Encoded);
                _encoder.Clear();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed without completing: nothing more to send.
        }
        catch (Exception e)
        {
            _failure = ExceptionDispatchInfo.Capture(e);
            _stop.Cancel(); // a parser waiting to hand over a batch gets the failure instead of waiting forever
        }
    }

    /// <summary>Without <see cref="Complete"/>: the writer stops and the COPY is cancelled.</summary>
    public void Dispose()
    {
        if (!_ended)
        {
            _ended = true;
            _stop.Cancel();
            _writer.Join();
        }
        try
        {
            if (!_finishing) _stream.Cancel();
            _stream.Dispose();
        }
        catch (NpgsqlException) { /* the connection is going away with the transaction anyway */ }
        _batches.Dispose();
        _stop.Dispose();
    }
}
