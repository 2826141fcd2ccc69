using Xunit;

namespace Circumplex.Tests;

/// <summary>
/// Finds ../shared/data (beside the repository; CIRCUMPLEX_SHARED_DATA overrides) and skips a test with a clear
/// message when it is absent, as on a fresh clone elsewhere. The data is never copied into the project.
/// </summary>
public static class SharedData
{
    public static string? Root { get; } = Locate();

    private static string? Locate()
    {
        string? env = Environment.GetEnvironmentVariable("CIRCUMPLEX_SHARED_DATA");
        if (!string.IsNullOrEmpty(env)) return Directory.Exists(env) ? Path.GetFullPath(env) : null;
        if (Repository.Root is null) return null;
        string candidate = Path.GetFullPath(Path.Combine(Repository.Root, "..", "shared", "data"));
        return Directory.Exists(candidate) ? candidate : null;
    }

    /// <summary>The full path of a file or folder under shared/data, or a skip when it is not there.</summary>
    public static string Require(string relativePath)
    {
        if (Root is null)
            Assert.Skip("../shared/data is absent (set CIRCUMPLEX_SHARED_DATA to its path to run this test)");
        string path = Path.Combine(Root, relativePath);
        if (!File.Exists(path) && !Directory.Exists(path))
            Assert.Skip($"shared data file {relativePath} is absent from {Root}");
        return path;
    }
}
