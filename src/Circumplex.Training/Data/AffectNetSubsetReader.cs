using Circumplex.Affect;
using nietras.SeparatedValues;

namespace Circumplex.Training.Data;

/// <summary>
/// The layout of shared/data/faces/affectnet_val_subset: labels_*.csv with file,expression,valence,arousal
/// (plus names and landmarks, unused) and images/ inside a zip archive or a folder. The images are AffectNet's
/// face crops already, so no box is applied.
/// </summary>
public static class AffectNetSubsetReader
{
    public static readonly string[] Columns = ["file", "expression", "valence", "arousal"];

    public static FaceDataset Read(string csvPath, IImageStore images)
    {
        var samples = new List<FaceSample>();
        var skipped = new List<string>();
        using var reader = LabelParsing.OpenCsv(csvPath, Columns, "a labels CSV");
        foreach (var row in reader)
        {
            int line = row.LineNumberFrom;
            string file = row["file"].ToString().Trim();
            if (!LabelParsing.TryInt(row["expression"].Span, out int e) || !Expressions.IsValidCode(e))
            { skipped.Add($"line {line}: expression '{row["expression"]}' is not one of the 8 emotions"); continue; }
            if (!LabelParsing.TryDouble(row["valence"].Span, out double v) || !LabelParsing.TryDouble(row["arousal"].Span, out double a) ||
                v is < -1 or > 1 || a is < -1 or > 1)
            { skipped.Add($"line {line}: valence/arousal missing or outside [-1, 1] (-2 marks a non-face)"); continue; }
            if (!images.Contains(file)) { skipped.Add($"line {line}: image {file} is missing"); continue; }
            samples.Add(new FaceSample(file, v, a, (Expression)e));
        }
        return new FaceDataset($"{Path.GetFileName(csvPath)}", samples, images, skipped);
    }
}
