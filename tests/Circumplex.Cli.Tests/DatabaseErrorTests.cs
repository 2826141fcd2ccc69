using System.Diagnostics;
using Circumplex.Tests.Postgres;
using Xunit;

namespace Circumplex.Tests.Cli;

/// <summary>A database that cannot be used is one line on stderr and exit code 1: no stack trace, no password.</summary>
public class DatabaseErrorTests
{
    /// <summary>Runs the built tool as a user would, in its own process, with CIRCUMPLEX_DB set as given.</summary>
    private static (int Code, string Stdout, string Stderr) RunTool(string? environmentDb, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "circumplex.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["CIRCUMPLEX_DB"] = environmentDb;
        using var p = Process.Start(start)!;
        var stderr = p.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        string stdout = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(TimeSpan.FromSeconds(60)), "the tool did not finish");
        return (p.ExitCode, stdout, stderr.GetAwaiter().GetResult());
    }

    [Fact]
    public void An_unreachable_server_is_named_in_one_line()
    {
        int port = PostgresCluster.FreePort();
        var (code, stdout, stderr) = RunTool(null, "--db", $"postgres://me:hunter2@127.0.0.1:{port}/music", "catalog", "stats");
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        string line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: cannot open the PostgreSQL database postgresql://me@127.0.0.1:{port}/music: ", line);
        Assert.Contains($"127.0.0.1:{port}?", line);
        Assert.DoesNotContain("hunter2", stderr);
    }

    [Theory]
    [InlineData("postgres://me:hunter2@db.example:port/music", "port 'port' is not a number")]
    [InlineData("Host=db.example;Databse=music;Password=hunter2", "unknown keyword 'databse'")]
    public void A_malformed_database_is_one_line_without_the_password(string database, string fault)
    {
        var (code, _, stderr) = RunTool(null, "recommend", "-v", "0", "-a", "0", "--db", database);
        Assert.Equal(1, code);
        string line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(fault, line);
        Assert.DoesNotContain("hunter2", stderr);
    }

    [Fact]
    public void The_help_names_the_variable_but_never_its_value()
    {
        var (code, help, _) = RunTool("postgres://me:hunter2@127.0.0.1:1/music", "catalog", "stats", "--help");
        Assert.Equal(0, code);
        Assert.Contains("$CIRCUMPLEX_DB", help);
        Assert.Contains("postgresql://user:password@host:port/database", help);
        Assert.DoesNotContain("hunter2", help);
    }
}
