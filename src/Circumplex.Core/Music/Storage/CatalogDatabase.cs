namespace Circumplex.Music.Storage;

/// <summary>Where the embedded catalog database lives unless --db says otherwise.</summary>
public static class CatalogDatabase
{
    public const string EnvironmentVariable = "CIRCUMPLEX_DB";

    public static string DefaultPath()
    {
        string? fromEnv = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnv)) return fromEnv;
        string dataHome = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(dataHome))
            dataHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(dataHome, "circumplex", "circumplex.db");
    }
}
