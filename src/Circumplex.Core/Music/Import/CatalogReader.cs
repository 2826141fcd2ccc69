using System.Globalization;
using System.Text.RegularExpressions;
using nietras.SeparatedValues;

namespace Circumplex.Music.Import;

/// <summary>A row that could not be imported, with the 1-based lines of the file it covers.</summary>
public sealed record RowError(int Line, string Reason, int LastLine = 0)
{
    /// <summary>Lines of the file this row took up: more than one when a quoted field runs over line breaks.</summary>
    public int LineCount => Math.Max(1, LastLine - Line + 1);

    public override string ToString() => LineCount > 1 ? $"lines {Line}–{LastLine}: {Reason}" : $"line {Line}: {Reason}";
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
    /// <summary>Lines after the header (a row with a quoted line break takes several).</summary>
    public int DataLines { get; init; }
    /// <summary>"UTF-8", "UTF-8 with BOM", "UTF-16 LE" or "UTF-16 BE".</summary>
    public string Encoding { get; init; } = "UTF-8";
    /// <summary>Byte sequences that were not valid text in <see cref="Encoding"/>; each became U+FFFD.</summary>
    public int InvalidBytes { get; init; }
    /// <summary>The first lines (up to 10) holding such a replaced byte.</summary>
    public IReadOnlyList<int> InvalidByteLines { get; init; } = [];
    /// <summary>Rows imported with a change, such as a field longer than <see cref="SongFieldLimits"/> allow cut short.</summary>
    public IReadOnlyList<RowError> Warnings { get; init; } = [];

    /// <summary>Lines taken up by malformed rows.</summary>
    public int BadLines => Errors.Sum(e => e.LineCount);
}

/// <summary>How to read a catalog file.</summary>
public sealed record CatalogReadOptions
{
    public static readonly CatalogReadOptions Default = new();

    /// <summary>Columns the user named for some fields (--columns); the rest are found by their names.</summary>
    public ColumnChoice Columns { get; init; } = ColumnChoice.None;

    /// <summary>
    /// Called with each song the read keeps (repeated ids already dropped), in file order, on the reading thread, as
    /// soon as it is parsed: a store can take it while the rest of the file is read (<see cref="Storage.ICatalogImport"/>).
    /// </summary>
    public Action<Song>? SongKept { get; init; }
}

/// <summary>
/// Reads a Spotify catalog CSV with Sep: a known schema (see <see cref="CatalogSchemas"/>) or any header whose columns
/// say what they hold (<see cref="ColumnMatcher"/>). Exact or refused: a row whose field count or quoting is off is
/// reported with its lines and a reason, never merged into a neighbour. Bad rows are collected, never thrown; a file
/// that is not a catalog at all (binary, empty, unknown header) throws <see cref="CatalogFormatException"/>.
/// </summary>
public static partial class CatalogReader
{
    private const int InvalidByteLinesShown = 10;

    public static CatalogReadResult Read(string path, IProgress<double>? progress = null) => Read(path, CatalogReadOptions.Default, progress);

    public static CatalogReadResult Read(string path, CatalogReadOptions options, IProgress<double>? progress = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"catalog file not found: {path}", path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream, options, progress);
    }

    public static CatalogReadResult Read(Stream stream, IProgress<double>? progress = null) => Read(stream, CatalogReadOptions.Default, progress);

    public static CatalogReadResult Read(Stream stream, CatalogReadOptions options, IProgress<double>? progress = null)
    {
        var text = CatalogText.Open(stream);
        SepReader reader;
        try
        {
            // Unescape stays off: quotes are checked and removed here (RawField), so a stray '"' is seen, not hidden.
            reader = Sep.Reader(o => o with { Unescape = false, DisableColCountCheck = true, HasHeader = true }).From(text.Reader);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or NotSupportedException)
        {
            throw new CatalogFormatException($"not a CSV file: {e.Message}", e);
        }
        using (reader)
        {
            var header = reader.Header.ColNames.Select(h => Unquote(h)).ToArray();
            if (header.Length == 0 || (header.Length == 1 && string.IsNullOrWhiteSpace(header[0])))
                throw new CatalogFormatException("the file is empty: a catalog needs a header row and at least one song");
            var schema = CatalogSchemas.Detect(header, options.Columns);
            var columns = new ColumnMap(schema, header);
            var songs = new List<Song>();
            var errors = new List<RowError>();
            var invalidLines = new List<int>();
            var warnings = new List<RowError>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            int rows = 0, duplicates = 0, lastLine = 1;
            long length = stream.CanSeek ? stream.Length : 0;
            // Rows are parsed on all cores (Sep keeps their order); de-duplication stays sequential so "first wins".
            foreach (var (song, error, line, replaced, warning) in reader.ParallelEnumerate(row => ParseRowOrError(row, columns, text)))
            {
                rows++;
                lastLine = line;
                if (replaced && invalidLines.Count < InvalidByteLinesShown) invalidLines.Add(error?.Line ?? line);
                if (error is not null) { errors.Add(error); continue; }
                if (!seen.Add(song!.Id)) { duplicates++; continue; }
                if (warning is not null) warnings.Add(warning);
                songs.Add(song);
                options.SongKept?.Invoke(song);
                if (progress is not null && length > 0 && (rows & 0x3FFF) == 0) progress.Report((double)stream.Position / length);
            }
            if (rows == 0) throw new CatalogFormatException("the file has a header but no rows");
            progress?.Report(1.0);
            return new CatalogReadResult
            {
                Schema = schema, Songs = songs, Errors = errors, Duplicates = duplicates, RowsRead = rows, DataLines = lastLine - 1,
                Encoding = text.EncodingName, InvalidBytes = text.InvalidSequences, InvalidByteLines = invalidLines, Warnings = warnings,
            };
        }
    }

    private sealed class ColumnMap
    {
        public readonly int Id, Title, Artists, Valence, Energy, Album, Year, ReleaseDate, Popularity, Explicit, Count;
        public readonly ArtistsFormat ArtistsFormat;
        public readonly string[] Names;
        /// <summary>The columns a song is made of, whose quoting is checked on every row.</summary>
        public readonly int[] Read;

        public ColumnMap(CatalogSchema s, string[] header)
        {
            Names = header;
            Count = header.Length;
            ArtistsFormat = s.ArtistsFormat;
            int Find(string? name)
            {
                if (name is null) return -1;
                for (int i = 0; i < header.Length; i++)
                    if (string.Equals(header[i].Trim(), name, StringComparison.OrdinalIgnoreCase)) return i;
                return -1;
            }
            Id = Find(s.Id); Title = Find(s.Title); Artists = Find(s.Artists); Valence = Find(s.Valence); Energy = Find(s.Energy);
            if (Id < 0 || Title < 0 || Artists < 0 || Valence < 0 || Energy < 0)
                throw new CatalogFormatException($"schema {s.Name} needs the columns {string.Join(",", s.RequiredColumns)}");
            Album = Find(s.Album); Year = Find(s.Year); ReleaseDate = Find(s.ReleaseDate);
            Popularity = Find(s.Popularity); Explicit = Find(s.Explicit);
            Read = new[] { Id, Title, Artists, Valence, Energy, Album, Year, ReleaseDate, Popularity, Explicit }.Where(i => i >= 0).ToArray();
        }
    }

    private static (Song? Song, RowError? Error, int Line, bool Replaced, RowError? Warning) ParseRowOrError(SepReader.Row row, ColumnMap columns, CatalogText text)
    {
        var (line, last) = Lines(row);
        // Counting first keeps the common case (valid text) to one integer read per row.
        bool replaced = text.InvalidSequences > 0 && row.Span.Contains('\uFFFD');
        if (RowShapeError(row, columns, last > line) is { } shape) return (null, new RowError(line, shape, last), last, replaced, null);
        // Per-thread scratch lists: rows are parsed on several threads, and two lists per row were a tenth of a
        // 600k-row read's allocations.
        var artists = t_artists ??= new List<string>(4);
        var cuts = t_cuts ??= new List<string>(0);
        cuts.Clear();
        var song = ParseRow(row, columns, artists, cuts, out string? reason);
        if (song is null) return (null, new RowError(line, reason!, last), last, replaced, null);
        return (song, null, last, replaced, cuts.Count == 0 ? null : new RowError(line, $"track {song.Id}: {string.Join("; ", cuts)}", last));
    }

    [ThreadStatic] private static List<string>? t_artists;
    [ThreadStatic] private static List<string>? t_cuts;

    /// <summary>
    /// The first and last line of a row. Counted back from its end because Sep's LineNumberFrom is off for a row
    /// over several lines in ParallelEnumerate (LineNumberToExcl is right); a quote left open at the end of the file
    /// takes the final line break into the row, and that break is no line of its own.
    /// </summary>
    private static (int First, int Last) Lines(SepReader.Row row)
    {
        var span = row.Span;
        int last = row.LineNumberToExcl - 1;
        if (span.IndexOfAny('\n', '\r') < 0) return (last, last);
        var inner = span.TrimEnd("\r\n");
        last -= LineBreaks(span[inner.Length..]);
        return (last - LineBreaks(inner), last);
    }

    /// <summary>Line breaks in text: "\r\n", "\n" and a lone "\r" count one each.</summary>
    private static int LineBreaks(ReadOnlySpan<char> s) => s.Count('\n') + s.Count('\r') - s.Count("\r\n");

    /// <summary>
    /// Why a row cannot be trusted as one row, or null: a quote inside an unquoted field, a field count other than the
    /// header's, or — for a row over several lines — a field whose later lines look like whole rows (an unclosed quote
    /// swallowing its neighbours). A title with a line break of its own is fine.
    /// </summary>
    private static string? RowShapeError(SepReader.Row row, ColumnMap c, bool multiLine)
    {
        int count = row.ColCount;
        int checks = multiLine ? count : c.Read.Length;
        for (int k = 0; k < checks; k++)
        {
            int i = multiLine ? k : c.Read[k];
            if (i >= count) continue;
            var raw = row[i].Span;
            if (raw.Contains('"') && !IsWellQuoted(raw.Trim()))
                return $"broken quoting in column '{Name(c, i)}': a '\"' inside a field that does not start and end with one" +
                       (multiLine ? " opened a quoted section over several lines; the rows it swallowed are not imported" : "");
        }
        if (count != c.Count)
            return $"has {count} fields, the header has {c.Count}" + (multiLine ? " (a quoted field runs over several lines: is a quote left open?)" : "");
        if (multiLine)
            for (int i = 0; i < count; i++)
                if (LooksLikeRows(row[i].Span, c.Count))
                    return $"column '{Name(c, i)}' runs over several lines that look like whole rows (is a quote left open?)";
        return null;
    }

    private static string Name(ColumnMap c, int i) => i < c.Names.Length ? c.Names[i] : $"#{i + 1}";

    /// <summary>Text after a line break holding a Spotify id or as many commas as a short row has.</summary>
    private static bool LooksLikeRows(ReadOnlySpan<char> field, int headerCount)
    {
        int br = field.IndexOfAny('\n', '\r');
        if (br < 0) return false;
        var rest = field[(br + 1)..];
        int commas = rest.Count(',');
        if (commas >= Math.Min(4, headerCount - 1)) return true;
        foreach (var lineRange in rest.SplitAny('\n', '\r'))
        {
            var l = rest[lineRange];
            int comma = l.IndexOf(',');
            if (comma >= 0 && SpotifyTrackId.TryExtract(l[..comma], out _)) return true;
        }
        return false;
    }

    /// <summary>A quoted field: starts and ends with '"', and every '"' inside is doubled.</summary>
    private static bool IsWellQuoted(ReadOnlySpan<char> s)
    {
        if (s.Length < 2 || s[0] != '"' || s[^1] != '"') return false;
        var inner = s[1..^1];
        for (int i = 0; i < inner.Length; i++)
        {
            if (inner[i] != '"') continue;
            if (i + 1 >= inner.Length || inner[i + 1] != '"') return false;
            i++;
        }
        return true;
    }

    /// <summary>A field's text without its quotes (already checked by <see cref="RowShapeError"/>).</summary>
    private static ReadOnlySpan<char> Field(SepReader.Row row, int col)
    {
        var raw = row[col].Span.Trim();
        if (!raw.Contains('"')) return raw;
        // Most quoted fields (a Python list of artists, a title with a comma) hold no doubled quote: their inside
        // is the text itself, so no copy is made.
        if (raw.Length >= 2 && raw[0] == '"' && raw[^1] == '"' && !raw[1..^1].Contains('"')) return raw[1..^1];
        return Unquote(raw);
    }

    private static string Unquote(ReadOnlySpan<char> raw)
    {
        raw = raw.Trim();
        if (raw.Length >= 2 && raw[0] == '"' && raw[^1] == '"') return raw[1..^1].ToString().Replace("\"\"", "\"");
        return raw.ToString();
    }

    private static Song? ParseRow(SepReader.Row row, ColumnMap c, List<string> artists, List<string> cuts, out string? reason)
    {
        var idText = Field(row, c.Id);
        if (!SpotifyTrackId.TryExtract(idText, out var id)) { reason = $"id '{Shorten(idText)}' is not a 22-character Spotify id (or a spotify:track: URI or open.spotify.com link)"; return null; }
        string title = MojibakeRepair.Repair(Field(row, c.Title).Trim().ToString());
        if (title.Length == 0) { reason = $"track {id} has an empty name"; return null; }
        var v = Field(row, c.Valence);
        if (!TryParseUnit(v, out double valence)) { reason = $"valence '{Shorten(v)}' is not a number in [0, 1]"; return null; }
        var e = Field(row, c.Energy);
        if (!TryParseUnit(e, out double energy)) { reason = $"energy '{Shorten(e)}' is not a number in [0, 1]"; return null; }
        if (!TryParseArtists(Field(row, c.Artists), c.ArtistsFormat, artists, out reason)) return null;

        title = SongFieldLimits.Cut(title, SongFieldLimits.Title, "title", cuts);
        if (artists.Count > SongFieldLimits.Artists)
        {
            cuts.Add($"{artists.Count} artists cut to the first {SongFieldLimits.Artists}");
            artists.RemoveRange(SongFieldLimits.Artists, artists.Count - SongFieldLimits.Artists);
        }
        for (int i = 0; i < artists.Count; i++) artists[i] = SongFieldLimits.Cut(artists[i], SongFieldLimits.Artist, $"artist {i + 1}", cuts);
        string? album = c.Album >= 0 ? NullIfEmpty(MojibakeRepair.Repair(Field(row, c.Album).Trim().ToString())) : null;
        if (album is not null) album = SongFieldLimits.Cut(album, SongFieldLimits.Album, "album", cuts);
        int? year = c.Year >= 0 ? ParseYear(Field(row, c.Year)) : null;
        if (year is null && c.ReleaseDate >= 0) year = ParseYear(Field(row, c.ReleaseDate));
        int? popularity = c.Popularity >= 0 && TryParseNumber(Field(row, c.Popularity), out double p) && p is >= 0 and <= 100 ? (int)Math.Round(p) : null;
        bool? isExplicit = c.Explicit >= 0 ? ParseBool(Field(row, c.Explicit)) : null;
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
            // A name may itself start with '[' ("[ocean jams]"): only a list that parses is a list.
            case ArtistsFormat.Auto when text.TrimStart().StartsWith('[') && TryParseArtists(text, ArtistsFormat.PythonList, into, out _):
                return true;
            case ArtistsFormat.Auto when text.Contains(';'):
                return TryParseArtists(text, ArtistsFormat.Semicolon, into, out reason);
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
