using Microsoft.Data.Sqlite;

namespace Circumplex.Music.Storage;

/// <summary>The files of one SQLite database: the database itself and the journal, WAL and shared-memory files beside it.</summary>
public static class SqliteFiles
{
    public static readonly string[] Suffixes = ["", "-journal", "-wal", "-shm"];

    /// <summary>Deletes the database and its companion files, after closing the pooled connections that hold them.</summary>
    public static void Remove(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (string suffix in Suffixes) File.Delete(path + suffix);
    }
}
