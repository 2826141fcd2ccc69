using Circumplex.Affect;
using nietras.SeparatedValues;

namespace Circumplex.Training.Data;

/// <summary>Any CSV of path,valence,arousal[,expression] with image paths relative to the CSV's folder.</summary>
public static class GenericCsvReader
{
    public static FaceDataset Read(string csvPath)
    {
        var images = new FolderImageStore(Path.GetDirectoryName(Path.GetFullPath(csvPath))!);
        var samples = new List<FaceSample>();
        var skipped = new List<string>();
        using var reader = Sep.Reader(o => o with { Unescape = true, DisableColCountCheck = true }).FromFile(csvPath);
        var header = reader.Header.ColNames;
        foreach (var c in new[] { "path", "valence", "arousal" })
            if (!header.Contains(c)) throw new InvalidDataException($"{csvPath}: column '{c}' is missing (expected path,valence,arousal[,expression])");
        bool hasExpression = header.Contains("expression");
        foreach (var row in reader)
        {
            int line = row.LineNumberFrom;
            string file = row["path"].ToString().Trim();
            if (!LabelParsing.TryDouble(row["valence"].Span, out double v) || !LabelParsing.TryDouble(row["arousal"].Span, out double a) ||
                v is < -1 or > 1 || a is < -1 or > 1)
            { skipped.Add($"line {line}: valence/arousal missing or outside [-1, 1]"); continue; }
            Expression? expression = null;
            if (hasExpression && row["expression"].Span.Trim().Length > 0)
            {
                var text = row["expression"].ToString();
                if (LabelParsing.TryInt(text, out int code) && Expressions.IsValidCode(code)) expression = (Expression)code;
                else if (Expressions.TryParse(text, out var named)) expression = named;
                else { skipped.Add($"line {line}: expression '{text}' is not one of the 8 emotions"); continue; }
            }
            bool present;
            try { present = images.Contains(file); }
            catch (InvalidDataException e) { skipped.Add($"line {line}: {e.Message}"); continue; }
            if (!present) { skipped.Add($"line {line}: image {file} is missing"); continue; }
            samples.Add(new FaceSample(file, v, a, expression));
        }
        return new FaceDataset(Path.GetFileName(csvPath), samples, images, skipped);
    }
}
