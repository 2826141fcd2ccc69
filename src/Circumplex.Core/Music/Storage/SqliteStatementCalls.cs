using System.Runtime.InteropServices;

namespace Circumplex.Music.Storage;

/// <summary>
/// The few e_sqlite3 calls a bulk insert makes per row, on the statement's raw pointer. SQLitePCL's own wrappers take
/// a SafeHandle, and adding and releasing a reference on it for each of the ten binds of a row cost more than the
/// binds themselves (a sixth of the import's write time). The binds only copy a value into the statement, so they skip
/// the GC transition too; <c>step</c> may do I/O and keeps it. It is the same library SQLitePCL loads
/// ("e_sqlite3"), so one SQLite runs the whole import.
/// </summary>
internal static class SqliteStatementCalls
{
    private const string Library = "e_sqlite3";

    /// <summary>SQLITE_TRANSIENT: SQLite copies the bytes before the call returns, so one buffer serves every row.</summary>
    public static readonly nint Transient = -1;

    [DllImport(Library, EntryPoint = "sqlite3_bind_null"), SuppressGCTransition]
    public static extern int BindNull(nint statement, int index);

    [DllImport(Library, EntryPoint = "sqlite3_bind_int"), SuppressGCTransition]
    public static extern int BindInt(nint statement, int index, int value);

    [DllImport(Library, EntryPoint = "sqlite3_bind_int64"), SuppressGCTransition]
    public static extern int BindInt64(nint statement, int index, long value);

    [DllImport(Library, EntryPoint = "sqlite3_bind_double"), SuppressGCTransition]
    public static extern int BindDouble(nint statement, int index, double value);

    [DllImport(Library, EntryPoint = "sqlite3_bind_text"), SuppressGCTransition]
    private static extern int BindText(nint statement, int index, ref byte utf8, int length, nint destructor);

    [DllImport(Library, EntryPoint = "sqlite3_step")]
    public static extern int Step(nint statement);

    [DllImport(Library, EntryPoint = "sqlite3_reset"), SuppressGCTransition]
    public static extern int Reset(nint statement);

    /// <summary>Binds UTF-8 text (SQLite copies it). An empty span still binds '' rather than NULL.</summary>
    public static int BindText(nint statement, int index, ReadOnlySpan<byte> utf8)
    {
        byte none = 0;
        return BindText(statement, index, ref utf8.IsEmpty ? ref none : ref MemoryMarshal.GetReference(utf8), utf8.Length, Transient);
    }
}
