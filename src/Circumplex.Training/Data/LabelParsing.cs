using System.Globalization;

namespace Circumplex.Training.Data;

/// <summary>Number parsing shared by the CSV readers (invariant culture, finite values only).</summary>
internal static class LabelParsing
{
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
