using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Circumplex.Music.Storage;

/// <summary>
/// Writes many songs into the <c>songs</c> table through one prepared statement, inside the caller's transaction.
/// It prepares through SQLitePCL (the layer under Microsoft.Data.Sqlite) and binds by position on the statement's
/// raw pointer (<see cref="SqliteStatementCalls"/>): Microsoft.Data.Sqlite's by-name parameter lookup, and then
/// SQLitePCL's per-call SafeHandle references, dominated the import's write time. Text is bound as UTF-8 from one
/// reused buffer (binding a string would allocate its UTF-8 copy for every field).
/// </summary>
internal sealed class SongBulkWriter : IDisposable
{
    private const string Insert = """
        INSERT INTO songs(id, title, artists, album, year, popularity, explicit, valence, energy, import_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """;

    private const string Upsert = Insert + """

        ON CONFLICT(id) DO UPDATE SET title = excluded.title, artists = excluded.artists, album = excluded.album,
            year = excluded.year, popularity = excluded.popularity, explicit = excluded.explicit,
            valence = excluded.valence, energy = excluded.energy, import_id = excluded.import_id
        """;

    // Relaxed escaping keeps names as UTF-8 instead of \uXXXX; the column is only ever read back as JSON, never
    // embedded in HTML.
    private static readonly JsonWriterOptions ArtistsJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly nint _handle;
    private bool _referenced;
    private readonly ArrayBufferWriter<byte> _artists = new(256);
    private readonly Utf8JsonWriter _json;
    private byte[] _text = new byte[1024];

    /// <param name="intoEmptyTable">The songs table is empty (a new catalog or one just emptied): plain inserts, no conflict handling.</param>
    public SongBulkWriter(SqliteConnection connection, bool intoEmptyTable = false)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("the catalog connection is not open");
        Check(raw.sqlite3_prepare_v2(_db, intoEmptyTable ? Insert : Upsert, out _statement));
        // One reference for the writer's lifetime keeps the pointer valid without a reference per call.
        _statement.DangerousAddRef(ref _referenced);
        _handle = _statement.DangerousGetHandle();
        _json = new Utf8JsonWriter(_artists, ArtistsJson);
    }

    public void Write(Song song, long importId)
    {
        var s = _handle;
        // Every bind returns SQLITE_OK (0) or an error: OR-ing them checks all ten with one branch, so a failed bind
        // can never leave the previous row's value in place.
        int bound = BindText(1, song.Id)
            | BindText(2, song.Title)
            | SqliteStatementCalls.BindText(s, 3, ArtistsAsJson(song.Artists))
            | (song.Album is null ? SqliteStatementCalls.BindNull(s, 4) : BindText(4, song.Album))
            | BindOptional(5, song.Year)
            | BindOptional(6, song.Popularity)
            | BindOptional(7, song.Explicit is bool b ? (b ? 1 : 0) : null)
            | SqliteStatementCalls.BindDouble(s, 8, song.SpotifyValence)
            | SqliteStatementCalls.BindDouble(s, 9, song.SpotifyEnergy)
            | SqliteStatementCalls.BindInt64(s, 10, importId);
        if (bound != raw.SQLITE_OK)
        {
            SqliteStatementCalls.Reset(s);
            throw new InvalidOperationException($"song {song.Id} could not be bound for the catalog (SQLite: {raw.sqlite3_errmsg(_db).utf8_to_string()})");
        }
        int rc = SqliteStatementCalls.Step(s);
        SqliteStatementCalls.Reset(s);
        if (rc != raw.SQLITE_DONE) Check(rc);
    }

    /// <summary>Binds text as UTF-8 (SQLite copies it: the statement is bound with SQLITE_TRANSIENT).</summary>
    private int BindText(int index, string text)
    {
        int most = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (most > _text.Length) _text = new byte[Math.Max(most, _text.Length * 2)];
        int n = Encoding.UTF8.GetBytes(text, _text);
        return SqliteStatementCalls.BindText(_handle, index, _text.AsSpan(0, n));
    }

    private int BindOptional(int index, int? value) =>
        value is int v ? SqliteStatementCalls.BindInt(_handle, index, v) : SqliteStatementCalls.BindNull(_handle, index);

    private ReadOnlySpan<byte> ArtistsAsJson(IReadOnlyList<string> artists)
    {
        _artists.ResetWrittenCount();
        _json.Reset(_artists);
        _json.WriteStartArray();
        foreach (var a in artists) _json.WriteStringValue(a);
        _json.WriteEndArray();
        _json.Flush();
        return _artists.WrittenSpan;
    }

    private void Check(int rc)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW)) SqliteException.ThrowExceptionForRC(rc, _db);
    }

    public void Dispose()
    {
        _json.Dispose();
        if (_referenced) _statement.DangerousRelease();
        _statement.Dispose();
    }
}
