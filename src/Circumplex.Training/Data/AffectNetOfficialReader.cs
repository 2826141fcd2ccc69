using Circumplex.Affect;
using nietras.SeparatedValues;

namespace Circumplex.Training.Data;

/// <summary>
/// AffectNet's own layout: training.csv / validation.csv with
/// subDirectory_filePath,face_x,face_y,face_width,face_height,facial_landmarks,expression,valence,arousal
/// and the image folder. Rows with expression ≥ 8 (none, uncertain, no-face) or valence/arousal = −2 are
/// skipped and counted, as SPEC §2 requires.
/// </summary>
public static class AffectNetOfficialReader
{
    public static readonly string[] Columns =
        ["subDirectory_filePath", "face_x", "face_y", "face_width", "face_height", "expression", "valence", "arousal"];

    public static FaceDataset Read(string csvPath, IImageStore images)
    {
        var samples = new List<FaceSample>();
        var skipped = new List<string>();
        using var reader = LabelParsing.OpenCsv(csvPath, Columns, "an AffectNet CSV");
        foreach (var row in reader)
        {
            int line = row.LineNumberFrom;
            string file = row["subDirectory_filePath"].ToString().Trim();
            if (!LabelParsing.TryInt(row["expression"].Span, out int expression)) { skipped.Add($"line {line}: expression '{row["expression"]}' is not a number"); continue; }
            if (expression >= Expressions.Count || expression < 0) { skipped.Add($"line {line}: expression {expression} is not one of the 8 emotions"); continue; }
            if (!LabelParsing.TryDouble(row["valence"].Span, out double v) || !LabelParsing.TryDouble(row["arousal"].Span, out double a))
            { skipped.Add($"line {line}: valence/arousal are not numbers"); continue; }
            if (v == -2 || a == -2) { skipped.Add($"line {line}: valence/arousal = -2 (not a face)"); continue; }
            if (v is < -1 or > 1 || a is < -1 or > 1) { skipped.Add($"line {line}: valence/arousal outside [-1, 1]"); continue; }
            if (!LabelParsing.TryInt(row["face_x"].Span, out int x) || !LabelParsing.TryInt(row["face_y"].Span, out int y) ||
                !LabelParsing.TryInt(row["face_width"].Span, out int w) || !LabelParsing.TryInt(row["face_height"].Span, out int h) || w <= 0 || h <= 0)
            { skipped.Add($"line {line}: face box is not four numbers with positive size"); continue; }
            samples.Add(new FaceSample(file, v, a, (Expression)expression, new FaceBox(x, y, w, h)));
        }
        return new FaceDataset($"AffectNet {Path.GetFileName(csvPath)}", samples, images, skipped);
    }
}
