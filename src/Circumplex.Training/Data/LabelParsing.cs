using System.Globalization;
using nietras.SeparatedValues;

namespace Circumplex.Training.Data;

/// <summary>Number parsing shared by the CSV readers (invariant culture, finite values only).</summary>
internal static class LabelParsing
{
    /// <summary>Opens a labels CSV and checks its header names every column the reader needs.</summary>
    public static SepReader OpenCsv(string csvPath, IEnumerable<string> required, string layout)
    {
        var reader = Sep.Reader(o => o with { Unescape = true, DisableColCountCheck = true }).FromFile(csvPath);
        foreach (var c in required)
            if (!reader.Header.ColNames.Contains(c))
            {
                reader.Dispose();
                throw new InvalidDataException($"{csvPath} is not {layout}: column '{c}' is missing");
            }
        return reader;
    }

    public static bool TryDouble(ReadOnlySpan<char> s, out double value) =>
        double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    public static bool TryInt(ReadOnlySpan<char> s, out int value)
    {
        if (int.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value)) return true;
        // pandas writes integer columns with missing values as floats ("3.0").
        if (TryDouble(s, out double d) && d == Math.Floor(d) && Math.Abs(d) < int.MaxValue) { value = (int)d; return true; }
        return false;
    }
}
