using nietras.SeparatedValues;

namespace Circumplex.Tests;

/// <summary>Reads exported playlists back for tests: M3U8 entries, and CSV rows by column name (with Sep).</summary>
public static class PlaylistFiles
{
    public static (IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyDictionary<string, string>> Rows) ReadCsv(string csv)
    {
        using var reader = Sep.New(',').Reader(o => o with { Unescape = true }).FromText(csv);
        var columns = reader.Header.ColNames.ToArray();
        var rows = new List<IReadOnlyDictionary<string, string>>();
        foreach (var row in reader)
        {
            var fields = new Dictionary<string, string>(columns.Length);
            foreach (string name in columns) fields[name] = row[name].ToString();
            rows.Add(fields);
        }
        return (columns, rows);
    }

    public sealed record Entry(int Seconds, string Title, string Location);

    public static IReadOnlyList<Entry> ReadM3u8(string text)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        if (lines.Length == 0 || lines[0] != "#EXTM3U") throw new FormatException("an extended M3U starts with #EXTM3U");
        var entries = new List<Entry>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("#EXTINF:", StringComparison.Ordinal)) continue;
            int comma = lines[i].IndexOf(',');
            if (comma < 0) throw new FormatException($"line {i + 1}: #EXTINF without a title");
            int seconds = int.Parse(lines[i]["#EXTINF:".Length..comma], System.Globalization.CultureInfo.InvariantCulture);
            string location = i + 1 < lines.Length ? lines[i + 1] : throw new FormatException($"line {i + 1}: #EXTINF at the end");
            if (location.Length == 0 || location.StartsWith('#')) throw new FormatException($"line {i + 2}: expected a location");
            entries.Add(new Entry(seconds, lines[i][(comma + 1)..], location));
            i++;
        }
        return entries;
    }
}
