using System.Globalization;
using Circumplex.Affect;

namespace Circumplex.Training.Evaluation;

/// <summary>One row of the paper's Table 2: a model, its parameter count, and RMSE/CORR/CCC/SAGR per axis.</summary>
public sealed record Table2Row(string Model, long? Parameters, AxisMetrics Valence, AxisMetrics Arousal, string Note = "");

/// <summary>Writes Table 2 rows as Markdown (for the README) and CSV (for analysis).</summary>
public static class Table2Writer
{
    private static string F(double x) => double.IsNaN(x) ? "n/a" : x.ToString("0.000", CultureInfo.InvariantCulture).Replace("0.", ".");

    private static string Params(long? p) => p is long n ? (n / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + "M" : "—";

    public static string Markdown(IEnumerable<Table2Row> rows)
    {
        var lines = new List<string>
        {
            "| model | params | V RMSE | V CORR | V CCC | V SAGR | A RMSE | A CORR | A CCC | A SAGR | n | note |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        };
        foreach (var r in rows)
            lines.Add($"| {r.Model} | {Params(r.Parameters)} | {F(r.Valence.Rmse)} | {F(r.Valence.Corr)} | {F(r.Valence.Ccc)} | {F(r.Valence.Sagr)} | " +
                      $"{F(r.Arousal.Rmse)} | {F(r.Arousal.Corr)} | {F(r.Arousal.Ccc)} | {F(r.Arousal.Sagr)} | {r.Valence.Count} | {r.Note} |");
        return string.Join("\n", lines) + "\n";
    }

    public static string Csv(IEnumerable<Table2Row> rows)
    {
        static string G(double x) => x.ToString("R", CultureInfo.InvariantCulture);
        var lines = new List<string> { "model,params,valence_rmse,valence_corr,valence_ccc,valence_sagr,arousal_rmse,arousal_corr,arousal_ccc,arousal_sagr,n,note" };
        foreach (var r in rows)
            lines.Add(string.Join(",", Quote(r.Model), r.Parameters?.ToString(CultureInfo.InvariantCulture) ?? "",
                G(r.Valence.Rmse), G(r.Valence.Corr), G(r.Valence.Ccc), G(r.Valence.Sagr),
                G(r.Arousal.Rmse), G(r.Arousal.Corr), G(r.Arousal.Ccc), G(r.Arousal.Sagr), r.Valence.Count, Quote(r.Note)));
        return string.Join("\n", lines) + "\n";
    }

    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
