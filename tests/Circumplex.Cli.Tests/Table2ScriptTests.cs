using System.Diagnostics;
using Xunit;

namespace Circumplex.Cli.Tests;

/// <summary>scripts/table2.sh with stand-ins for `circumplex train` and `circumplex evaluate`.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // a bash script
public class Table2ScriptTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("circumplex-table2-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static string Script() => Circumplex.Tests.Repository.PathOf(Path.Combine("scripts", "table2.sh"));

    private string Executable(string name, string body)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, "#!/usr/bin/env bash\n" + body);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>
    /// A trainer that logs its call, fails for DrViT while the file "drvit-fails" exists, and otherwise writes a model and
    /// two epochs of 60 and 90 s; an evaluator that writes a Table 2 row naming the model it was given.
    /// </summary>
    private (int Code, string Output, string[] Calls) Run()
    {
        string train = Executable("train.sh", $$"""
            echo "train $*" >> {{_dir}}/calls.log
            args=("$@"); for ((i = 0; i < $#; i++)); do case "${args[i]}" in --out) out="${args[i+1]}";; --model-out) model="${args[i+1]}";; --arch) arch="${args[i+1]}";; esac; done
            if [[ "$arch" == drvit && -f {{_dir}}/drvit-fails ]]; then exit 1; fi
            mkdir -p "$out"; printf 'epoch,train_loss,seconds\n1,0.5,60\n2,0.4,90\n' > "$out/epochs.csv"; echo weights > "$model"
            """);
        string evaluate = Executable("evaluate.sh", $$"""
            echo "evaluate $*" >> {{_dir}}/calls.log
            args=("$@"); for ((i = 0; i < $#; i++)); do case "${args[i]}" in --out) out="${args[i+1]}";; esac; done
            mkdir -p "$out"
            printf 'model,params,valence_rmse,valence_corr,valence_ccc,valence_sagr,arousal_rmse,arousal_corr,arousal_ccc,arousal_sagr,n,note\n"Net (%s)",2500000,0.4,0.5,0.45,0.7,0.35,0.3,-0.05,0.75,800,x\n' "$out" > "$out/table2.csv"
            """);
        string data = Path.Combine(_dir, "data");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, "labels_train.csv"), "file\n");
        File.WriteAllText(Path.Combine(data, "labels_test.csv"), "file\n");
        var start = new ProcessStartInfo(Script()) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(data);
        start.Environment["CIRCUMPLEX_TRAIN_COMMAND"] = train;
        start.Environment["CIRCUMPLEX_EVALUATE_COMMAND"] = evaluate;
        start.Environment["TABLE2_ROWS"] = "alexnet:1x2 drvit:2x1";
        start.Environment["TABLE2_OUT"] = Path.Combine(_dir, "out");
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        string log = Path.Combine(_dir, "calls.log");
        return (process.ExitCode, output, File.Exists(log) ? File.ReadAllLines(log) : []);
    }

    [Fact]
    public void Every_row_is_trained_with_one_budget_evaluated_and_tabled_and_a_second_run_finishes_only_what_is_missing()
    {
        File.WriteAllText(Path.Combine(_dir, "drvit-fails"), "");
        var (code, output, calls) = Run();
        Assert.True(code == 0, output);
        Assert.Equal(3, calls.Length);
        Assert.All(calls.Where(c => c.StartsWith("train")), c => Assert.Contains("--size 64 --plan B", c));
        Assert.All(calls.Where(c => c.StartsWith("train")), c => Assert.Contains("--epochs 12 --max-images-per-epoch 4000 --seed 1", c));
        Assert.Contains("drvit 2x1 failed", output);
        string table = File.ReadAllText(Path.Combine(_dir, "out", "table2.md"));
        Assert.Contains("| 2.5M | .400 | .500 | .450 | .700 | .350 | .300 | −.050 | .750 | 2 | 2 min |", table);
        Assert.Contains("| drvit 2x1 | not finished |", table);

        File.Delete(Path.Combine(_dir, "drvit-fails"));
        File.Delete(Path.Combine(_dir, "calls.log"));
        (code, output, calls) = Run();
        Assert.True(code == 0, output);
        Assert.Equal(2, calls.Length); // AlexNet is done: only DRViT is trained and evaluated
        Assert.All(calls, c => Assert.Contains("drvit", c));
        Assert.DoesNotContain("not finished", File.ReadAllText(Path.Combine(_dir, "out", "table2.md")));
    }
}
