using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Circumplex.Music.Storage;

/// <summary>
/// Writes many songs into the <c>songs</c> table through one prepared statement, inside the caller's transaction.
/// It talks to SQLite through SQLitePCL (the layer under Microsoft.Data.Sqlite) because binding by position avoids
/// Microsoft.Data.Sqlite's per-call by-name parameter lookup, which dominated the import's write time. Text is
/// bound as UTF-8 from one reused buffer (binding a string would allocate its UTF-8 copy for every field).
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
    private readonly ArrayBufferWriter<byte> _artists = new(256);
    private readonly Utf8JsonWriter _json;
    private byte[] _text = new byte[1024];

    /// <param name="intoEmptyTable">The songs table is empty (a new catalog or one just emptied): plain inserts, no conflict handling.</param>
    public SongBulkWriter(SqliteConnection connection, bool intoEmptyTable = false)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("the catalog connection is not open");
        Check(raw.sqlite3_prepare_v2(_db, intoEmptyTable ? Insert : Upsert, out _statement));
        _json = new Utf8JsonWriter(_artists, ArtistsJson);
    }

    public void Write(Song song, long importId)
    {
        var s = _statement;
        BindText(1, song.Id);
        BindText(2, song.Title);
        raw.sqlite3_bind_text(s, 3, ArtistsAsJson(song.Artists));
        if (song.Album is null) raw.sqlite3_bind_null(s, 4); else BindText(4, song.Album);
        BindOptional(5, song.Year);
        BindOptional(6, song.Popularity);
        BindOptional(7, song.Explicit is bool b ? (b ? 1 : 0) : null);
        raw.sqlite3_bind_double(s, 8, song.SpotifyValence);
        raw.sqlite3_bind_double(s, 9, song.SpotifyEnergy);
        raw.sqlite3_bind_int64(s, 10, importId);
        int rc = raw.sqlite3_step(s);
        raw.sqlite3_reset(s);
        if (rc != raw.SQLITE_DONE) Check(rc);
    }

    /// <summary>Binds text as UTF-8 (SQLite copies it: the statement is bound with SQLITE_TRANSIENT).</summary>
    private void BindText(int index, string text)
    {
        int most = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (most > _text.Length) _text = new byte[Math.Max(most, _text.Length * 2)];
        int n = Encoding.UTF8.GetBytes(text, _text);
        raw.sqlite3_bind_text(_statement, index, _text.AsSpan(0, n));
    }

    private void BindOptional(int index, int? value)
    {
        if (value is int v) raw.sqlite3_bind_int(_statement, index, v);
        else raw.sqlite3_bind_null(_statement, index);
    }

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
        _statement.Dispose();
    }
}
