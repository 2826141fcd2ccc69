using Circumplex.Cli;
using Spectre.Console.Testing;

namespace Circumplex.Tests.Cli;

/// <summary>
/// Runs the command line in this process and returns its exit code, what it printed (console and stdout) and its
/// error lines. Callers belong to <see cref="ConsoleErrorCollection"/>: the error lines come from the process-wide
/// <see cref="Console.Error"/>, swapped for the run.
/// </summary>
public static class InProcessCli
{
    public static (int Code, string Output, string Error) Run(params string[] args)
    {
        var console = new TestConsole { Profile = { Width = 250 } };
        var stdout = new StringWriter();
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        try
        {
            int code = CircumplexCli.Run(args, console, stdout);
            return (code, console.Output + stdout, error.ToString());
        }
        finally
        {
            Console.SetError(original);
        }
    }
}
