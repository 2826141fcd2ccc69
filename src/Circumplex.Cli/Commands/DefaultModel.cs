namespace Circumplex.Cli.Commands;

/// <summary>The affect model shipped with the product (trained by `circumplex train`, committed under models/).</summary>
public static class DefaultModel
{
    public const string FileName = "default.cmodel";

    /// <summary>Next to the binary (the build copies it there), else in the repository's models/ folder.</summary>
    public static string? Locate()
    {
        string beside = Path.Combine(AppContext.BaseDirectory, "models", FileName);
        if (File.Exists(beside)) return beside;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "models", FileName);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    public static string Resolve(string? explicitPath)
    {
        if (explicitPath is not null)
            return File.Exists(explicitPath) ? explicitPath : throw new FileNotFoundException($"model file not found: {explicitPath}", explicitPath);
        return Locate() ?? throw new FileNotFoundException(
            $"no model given and the default model models/{FileName} is missing; pass --model FILE (train one with `circumplex train`)");
    }
}
