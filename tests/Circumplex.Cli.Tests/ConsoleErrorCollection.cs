using Xunit;

namespace Circumplex.Tests.Cli;

/// <summary>
/// Test classes that swap the process-wide <see cref="Console.Error"/> to read a command's error line run one at a
/// time: run side by side, one class's swap took the other's message (a journey error landed in an import test).
/// </summary>
[CollectionDefinition(Name)]
public sealed class ConsoleErrorCollection
{
    public const string Name = "Console.Error";
}
