using System.Globalization;
using System.Text;

namespace Circumplex.Tests;

/// <summary>
/// Writes generated catalogs in the Kaggle 600k tracks.csv schema for tests and benchmarks
/// (the real files are in ../shared/data; these only exercise scale and edge cases).
/// </summary>
public static class SyntheticCatalog
{
    public const string Kaggle600kHeader =
        "id,name,popularity,duration_ms,explicit,artists,id_artists,release_date,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature";

    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string RandomId(Random rng)
    {
        Span<char> id = stackalloc char[22];
        for (int i = 0; i < id.Length; i++) id[i] = Base62[rng.Next(62)];
        return new string(id);
    }

    /// <summary>One well-formed tracks.csv row; valence/energy rounded to 3 decimals as Spotify publishes them.</summary>
    public static string Row(string id, string name, string[] artists, double valence, double energy, string releaseDate = "1999-05-01")
    {
        string list = "[" + string.Join(", ", artists.Select(a => a.Contains('\'') ? $"\"{a}\"" : $"'{a}'")) + "]";
        return string.Join(",",
            id, Quote(name), "42", "215000", "0", Quote(list), Quote("['0000000000000000000000']"), releaseDate,
            "0.5", energy.ToString("0.###", CultureInfo.InvariantCulture), "5", "-7.1", "1", "0.04", "0.3", "0.0", "0.1",
            valence.ToString("0.###", CultureInfo.InvariantCulture), "120.0", "4");
    }

    public static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;

    public static void Write(string path, int rows, int seed)
    {
        var rng = new Random(seed);
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        w.WriteLine(Kaggle600kHeader);
        for (int i = 0; i < rows; i++)
        {
            string[] artists = rng.Next(4) == 0 ? [$"Artist {rng.Next(50000)}", $"Guest, {rng.Next(1000)}"] : [$"Artist {rng.Next(50000)}"];
            w.WriteLine(Row(RandomId(rng), $"Song {i}", artists, rng.NextDouble(), rng.NextDouble(), $"{1922 + rng.Next(99)}-01-01"));
        }
    }
}
