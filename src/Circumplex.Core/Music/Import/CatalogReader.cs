using System.Globalization;
using System.Text.RegularExpressions;
using nietras.SeparatedValues;

namespace Circumplex.Music.Import;

/// <summary>A row that could not be imported, with the 1-based line of the file where it starts.</summary>
public sealed record RowError(int Line, string Reason)
{
    public override string ToString() => $"line {Line}: {Reason}";
}

/// <summary>What reading a catalog file produced: the good songs, the rejected rows and repeated ids.</summary>
public sealed class CatalogReadResult
{
    public required CatalogSchema Schema { get; init; }
    public required IReadOnlyList<Song> Songs { get; init; }
    public required IReadOnlyList<RowError> Errors { get; init; }
    /// <summary>Rows whose id appeared earlier in the same file (the first occurrence is kept).</summary>
    public required int Duplicates { get; init; }
    public required int RowsRead { get; init; }
}

/// <summary>
/// Reads a Spotify catalog CSV of any known schema (see <see cref="CatalogSchemas"/>) with Sep.
/// Bad rows are collected with their line numbers, never thrown; a file that is not a catalog at all
/// (binary, empty, unknown header) throws <see cref="CatalogFormatException"/>.
/// </summary>
public static partial class CatalogReader
{
    public static CatalogReadResult Read(string path, IProgress<double>? progress = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"catalog file not found: {path}", path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream, progress);
    }

    public static CatalogReadResult Read(Stream stream, IProgress<double>? progress = null)
    {
        EnsureLooksLikeText(stream);
        SepReader reader;
        try
        {
            reader = Sep.Reader(o => o with { Unescape = true, DisableColCountCheck = true, HasHeader = true }).From(stream);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or NotSupportedException)
        {
            throw new CatalogFormatException($"not a CSV file: {e.Message}", e);
        }
        using (reader)
        {
            var header = reader.Header.ColNames;
            if (header.Count == 0 || (header.Count == 1 && string.IsNullOrWhiteSpace(header[0])))
                throw new CatalogFormatException("the file is empty: a catalog needs a header row and at least one song");
            var schema = CatalogSchemas.Detect(header.ToArray());
            var columns = new ColumnMap(schema, header);
            var songs = new List<Song>();
            var errors = new List<RowError>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            int rows = 0, duplicates = 0, headerCount = header.Count;
            long length = stream.CanSeek ? stream.Length : 0;
            // Rows are parsed on all cores (Sep keeps their order); de-duplication stays sequential so "first wins".
            foreach (var (song, error) in reader.ParallelEnumerate(row => ParseRowOrError(row, schema, columns, headerCount)))
            {
                rows++;
                if (error is not null) { errors.Add(error); continue; }
                if (!seen.Add(song!.Id)) { duplicates++; continue; }
                songs.Add(song);
                if (progress is not null && length > 0 && (rows & 0x3FFF) == 0) progress.Report((double)stream.Position / length);
            }
            if (rows == 0) throw new CatalogFormatException("the file has a header but no rows");
            progress?.Report(1.0);
            return new CatalogReadResult { Schema = schema, Songs = songs, Errors = errors, Duplicates = duplicates, RowsRead = rows };
        }
    }

    /// <summary>Rejects binary files up front: Sep would otherwise read them as one odd column.</summary>
    private static void EnsureLooksLikeText(Stream stream)
    {
        if (!stream.CanSeek) return;
        var buffer = new byte[8192];
        int n = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        if (n == 0) throw new CatalogFormatException("the file is empty: a catalog needs a header row and at least one song");
        if (Array.IndexOf(buffer, (byte)0, 0, n) >= 0)
            throw new CatalogFormatException("not a CSV file: it contains binary data (NUL bytes)");
    }

    private sealed class ColumnMap
    {
        public readonly int Id, Title, Artists, Valence, Energy, Album, Year, ReleaseDate, Popularity, Explicit;

        public ColumnMap(CatalogSchema s, IReadOnlyList<string> header)
        {
            int Find(string? name)
            {
                if (name is null) return -1;
                for (int i = 0; i < header.Count; i++)
                    if (string.Equals(header[i].Trim(), name, StringComparison.OrdinalIgnoreCase)) return i;
                return -1;
            }
            Id = Find(s.Id); Title = Find(s.Title); Artists = Find(s.Artists); Valence = Find(s.Valence); Energy = Find(s.Energy);
            if (Id < 0 || Title < 0 || Artists < 0 || Valence < 0 || Energy < 0)
                throw new CatalogFormatException($"schema {s.Name} needs the columns {string.Join(",", s.RequiredColumns)}");
            Album = Find(s.Album); Year = Find(s.Year); ReleaseDate = Find(s.ReleaseDate);
            Popularity = Find(s.Popularity); Explicit = Find(s.Explicit);
        }
    }

    private static (Song? Song, RowError? Error) ParseRowOrError(SepReader.Row row, CatalogSchema schema, ColumnMap columns, int headerCount)
    {
        int line = row.LineNumberFrom;
        if (row.ColCount != headerCount) return (null, new RowError(line, $"has {row.ColCount} fields, the header has {headerCount}"));
        var song = ParseRow(row, schema, columns, new List<string>(2), out string? reason);
        return song is null ? (null, new RowError(line, reason!)) : (song, null);
    }

    private static Song? ParseRow(SepReader.Row row, CatalogSchema schema, ColumnMap c, List<string> artists, out string? reason)
    {
        var id = row[c.Id].Span.Trim();
        if (!Song.IsValidSpotifyId(id)) { reason = $"id '{Shorten(id)}' is not a 22-character Spotify id"; return null; }
        string title = MojibakeRepair.Repair(row[c.Title].Span.Trim().ToString());
        if (title.Length == 0) { reason = $"track {id} has an empty name"; return null; }
        if (!TryParseUnit(row[c.Valence].Span, out double valence)) { reason = $"valence '{Shorten(row[c.Valence].Span)}' is not a number in [0, 1]"; return null; }
        if (!TryParseUnit(row[c.Energy].Span, out double energy)) { reason = $"energy '{Shorten(row[c.Energy].Span)}' is not a number in [0, 1]"; return null; }
        if (!TryParseArtists(row[c.Artists].Span, schema.ArtistsFormat, artists, out reason)) return null;

        string? album = c.Album >= 0 ? NullIfEmpty(MojibakeRepair.Repair(row[c.Album].Span.Trim().ToString())) : null;
        int? year = c.Year >= 0 ? ParseYear(row[c.Year].Span) : null;
        if (year is null && c.ReleaseDate >= 0) year = ParseYear(row[c.ReleaseDate].Span);
        int? popularity = c.Popularity >= 0 && TryParseNumber(row[c.Popularity].Span, out double p) && p is >= 0 and <= 100 ? (int)Math.Round(p) : null;
        bool? isExplicit = c.Explicit >= 0 ? ParseBool(row[c.Explicit].Span) : null;
        reason = null;
        return new Song(id.ToString(), title, artists.ToArray(), album, year, popularity, isExplicit, valence, energy);
    }

    private static bool TryParseArtists(ReadOnlySpan<char> text, ArtistsFormat format, List<string> into, out string? reason)
    {
        reason = null;
        into.Clear();
        switch (format)
        {
            case ArtistsFormat.PythonList:
                if (!PythonListParser.TryParse(text, into, out string? error)) { reason = $"artists '{Shorten(text)}' {error}"; return false; }
                break;
            case ArtistsFormat.Semicolon:
                foreach (var range in text.Split(';')) into.Add(text[range].Trim().ToString());
                break;
            default:
                into.Add(text.Trim().ToString());
                break;
        }
        for (int i = into.Count - 1; i >= 0; i--)
        {
            into[i] = MojibakeRepair.Repair(into[i].Trim());
            if (into[i].Length == 0) into.RemoveAt(i);
        }
        if (into.Count == 0) { reason = "has no artist"; return false; }
        return true;
    }

    private static bool TryParseNumber(ReadOnlySpan<char> s, out double value) =>
        double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static bool TryParseUnit(ReadOnlySpan<char> s, out double value) =>
        TryParseNumber(s, out value) && value is >= 0 and <= 1;

    /// <summary>Accepts "1999", "1999.0", "1999-05-01" and Excel's "5/1/1999"; anything else (or an implausible year) is unknown.</summary>
    private static int? ParseYear(ReadOnlySpan<char> s)
    {
        s = s.Trim();
        if (s.IsEmpty) return null;
        // "1999" and ISO "1999-05-01" are nearly every row of the real files: read them without a regex.
        if (s.Length >= 4 && char.IsAsciiDigit(s[0]) && char.IsAsciiDigit(s[1]) && char.IsAsciiDigit(s[2]) && char.IsAsciiDigit(s[3])
            && (s.Length == 4 || s[4] == '-'))
            return Plausible((s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0'));
        if (TryParseNumber(s, out double y) && y == Math.Floor(y)) return Plausible((int)y);
        var m = YearPattern().Match(s.ToString());
        return m.Success ? Plausible(int.Parse(m.Value, CultureInfo.InvariantCulture)) : null;
    }

    private static int? Plausible(int year) => year is >= 1800 and <= 2100 ? year : null;

    private static bool? ParseBool(ReadOnlySpan<char> s)
    {
        s = s.Trim();
        if (s.Equals("true", StringComparison.OrdinalIgnoreCase) || s is "1" || s is "1.0") return true;
        if (s.Equals("false", StringComparison.OrdinalIgnoreCase) || s is "0" || s is "0.0") return false;
        return null;
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    private static string Shorten(ReadOnlySpan<char> s) => s.Length <= 40 ? s.ToString() : s[..37].ToString() + "...";

    [GeneratedRegex(@"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")]
    private static partial Regex YearPattern();
}
