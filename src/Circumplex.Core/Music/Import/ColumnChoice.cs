namespace Circumplex.Music.Import;

/// <summary>
/// The columns a user named for some fields: <c>--columns id=Track URI,title=Track Name,artists=Artist Name(s)</c>
/// on the command line, the same text in the upload form or the API's <c>columns</c> parameter.
/// </summary>
public sealed class ColumnChoice
{
    public static readonly ColumnChoice None = new(new Dictionary<CatalogField, string>());

    public IReadOnlyDictionary<CatalogField, string> Columns { get; }

    private ColumnChoice(IReadOnlyDictionary<CatalogField, string> columns) => Columns = columns;

    public bool IsEmpty => Columns.Count == 0;

    /// <summary>How to settle a missing or ambiguous column, for error messages.</summary>
    public const string Hint =
        "name the columns with --columns id=COLUMN,title=COLUMN,artists=COLUMN (command line), or in the column mapping field of the upload form (API: columns=…)";

    /// <summary>Parses <c>field=column</c> pairs separated by commas; null or blank text is no choice at all.</summary>
    public static ColumnChoice Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return None;
        var columns = new Dictionary<CatalogField, string>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = part.IndexOf('=');
            if (eq <= 0 || eq == part.Length - 1)
                throw new FormatException($"'{part}' is not field=column (e.g. --columns id=Track URI,title=Track Name,artists=Artist Name(s))");
            string key = part[..eq].Trim(), column = part[(eq + 1)..].Trim();
            if (CatalogFields.FromKey(key) is not CatalogField field)
                throw new FormatException($"unknown field '{key}' in the column mapping: the fields are " +
                    string.Join(", ", Enum.GetValues<CatalogField>().Select(CatalogFields.Key)));
            if (!columns.TryAdd(field, column))
                throw new FormatException($"field '{CatalogFields.Key(field)}' is named twice in the column mapping");
        }
        return new ColumnChoice(columns);
    }
}
