using SQLitePCL;

namespace Circumplex.Music.Storage;

/// <summary>
/// SQLite's threading mode for the whole process. The bundled library is built "serialized": every call locks its
/// connection's mutex, which a bulk import pays a dozen times per row (a tenth of its write time). A process that
/// never uses one connection from two threads at once — a one-shot CLI command; Microsoft.Data.Sqlite connections
/// are not shareable anyway — can run in "multi-thread" mode and skip those locks. It can only be chosen before the
/// process opens its first connection; the server keeps the default.
/// </summary>
public static class SqliteThreading
{
    /// <summary>Switches the process to multi-thread mode; false (and nothing changed) once SQLite is in use.</summary>
    public static bool UseMultiThreadMode()
    {
        Batteries_V2.Init();
        return raw.sqlite3_config(raw.SQLITE_CONFIG_MULTITHREAD) == raw.SQLITE_OK;
    }
}
