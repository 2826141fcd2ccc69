namespace Circumplex.Tests;

/// <summary>The repository a test runs from: the folder above the test binaries that holds Circumplex.slnx.</summary>
public static class Repository
{
    public static string? Root { get; } = Locate();

    private static string? Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Circumplex.slnx"))) return dir.FullName;
        return null;
    }

    /// <summary>The full path of a file in the repository; the tests that use it run from a checkout.</summary>
    public static string PathOf(string relativePath) => Path.Combine(
        Root ?? throw new InvalidOperationException("the repository root was not found above " + AppContext.BaseDirectory), relativePath);
}
