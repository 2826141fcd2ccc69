using Circumplex.Music.Storage;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Circumplex.Tests.Music;

public class SqliteThreadingTests
{
    [Fact]
    public void Once_sqlite_is_in_use_the_mode_is_left_as_it_is()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        Assert.False(SqliteThreading.UseMultiThreadMode());
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT 40 + 2";
        Assert.Equal(42L, cmd.ExecuteScalar());
    }
}
