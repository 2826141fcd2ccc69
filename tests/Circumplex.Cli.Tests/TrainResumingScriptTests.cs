using System.Diagnostics;
using Xunit;

namespace Circumplex.Cli.Tests;

/// <summary>scripts/train-resuming.sh with a stand-in for `circumplex train` that aborts as TorchSharp sometimes does.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // a bash script
public class TrainResumingScriptTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("circumplex-resuming-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static string Script() => Circumplex.Tests.Repository.PathOf(Path.Combine("scripts", "train-resuming.sh"));

    /// <summary>A fake trainer: logs its arguments, then aborts (SIGABRT) while fewer than N runs are logged, else exits with CODE.</summary>
    private string FakeTrainer(int abortsBeforeSuccess, int code = 0)
    {
        string path = Path.Combine(_dir, "fake-train.sh");
        File.WriteAllText(path, $"""
            #!/usr/bin/env bash
            echo "$*" >> {_dir}/calls.log
            if (( $(wc -l < {_dir}/calls.log) <= {abortsBeforeSuccess} )); then kill -ABRT $$; fi
            exit {code}
            """);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private (int Code, string Error, string[] Calls) Run(string trainer, int restarts, params string[] args)
    {
        var start = new ProcessStartInfo(Script()) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in args) start.ArgumentList.Add(a);
        start.Environment["CIRCUMPLEX_TRAIN_COMMAND"] = trainer;
        start.Environment["CIRCUMPLEX_TRAIN_RESTARTS"] = restarts.ToString();
        using var process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        string log = Path.Combine(_dir, "calls.log");
        return (process.ExitCode, error, File.Exists(log) ? File.ReadAllLines(log) : []);
    }

    [Fact]
    public void A_run_that_aborts_continues_from_its_checkpoint_until_it_ends()
    {
        var (code, error, calls) = Run(FakeTrainer(abortsBeforeSuccess: 2), restarts: 5, "--data", "a b.csv", "--out", "runs/x");
        Assert.Equal(0, code);
        Assert.Equal(["--data a b.csv --out runs/x", "--data a b.csv --out runs/x --resume", "--data a b.csv --out runs/x --resume"], calls);
        Assert.Contains("died of signal 6", error);
    }

    [Fact]
    public void It_gives_up_after_the_allowed_restarts_and_does_not_retry_an_ordinary_failure()
    {
        var (code, error, calls) = Run(FakeTrainer(abortsBeforeSuccess: 10), restarts: 2, "--out", "runs/x", "--resume");
        Assert.Equal(134, code);
        Assert.Equal(3, calls.Length);
        Assert.All(calls, c => Assert.Equal("--out runs/x --resume", c)); // --resume is not added twice
        Assert.Contains("giving up", error);

        File.Delete(Path.Combine(_dir, "calls.log"));
        var (code2, _, calls2) = Run(FakeTrainer(abortsBeforeSuccess: 0, code: 1), restarts: 5, "--data", "missing.csv");
        Assert.Equal(1, code2);
        Assert.Single(calls2);
    }
}
