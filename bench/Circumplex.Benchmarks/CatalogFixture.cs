using Circumplex.Tests;

namespace Circumplex.Benchmarks;

/// <summary>A generated 600k-row catalog in the Kaggle tracks.csv schema, written once per machine to the temp folder.</summary>
public static class CatalogFixture
{
    public const int Rows = 600_000;

    public static string Path600k()
    {
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"circumplex-bench-tracks-{Rows}.csv");
        if (!File.Exists(path))
        {
            string tmp = path + ".tmp";
            SyntheticCatalog.Write(tmp, Rows, seed: 600);
            File.Move(tmp, path, overwrite: true);
        }
        return path;
    }
}
