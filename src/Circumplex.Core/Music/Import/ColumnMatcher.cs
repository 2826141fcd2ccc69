namespace Circumplex.Music.Import;

/// <summary>
/// Finds which column holds each field of a header that no known schema fits, by the names real exports use
/// (<see cref="CatalogFields.Synonyms"/>; case, spaces and punctuation ignored). A required field that is missing or
/// that two columns could hold is an error naming the candidates and the <c>--columns</c> option that settles it;
/// an ambiguous optional field is left unread.
/// </summary>
public static class ColumnMatcher
{
    public static CatalogSchema Match(IReadOnlyList<string> header, ColumnChoice given)
    {
        var names = header.Select(h => h.Trim()).ToArray();
        var normalized = names.Select(CatalogFields.Normalize).ToArray();
        var chosen = new Dictionary<CatalogField, int>();
        var problems = new List<string>();

        foreach (var (field, column) in given.Columns)
        {
            int index = Array.FindIndex(names, n => string.Equals(n, column, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                var alike = Enumerable.Range(0, names.Length).Where(i => normalized[i] == CatalogFields.Normalize(column)).ToArray();
                if (alike.Length == 1) index = alike[0];
                else if (alike.Length > 1) { problems.Add($"'{column}' (named for {CatalogFields.Key(field)}) could be any of {Quoted(names, alike)}"); continue; }
            }
            if (index < 0) { problems.Add($"there is no column '{column}' (named for {CatalogFields.Key(field)})"); continue; }
            chosen[field] = index;
        }

        foreach (var field in Enum.GetValues<CatalogField>())
        {
            if (chosen.ContainsKey(field)) continue;
            bool ambiguous = false;
            foreach (var tier in CatalogFields.Synonyms(field))
            {
                var candidates = Enumerable.Range(0, names.Length)
                    .Where(i => tier.Contains(normalized[i]) && !chosen.ContainsValue(i)).ToArray();
                if (candidates.Length == 0) continue;
                if (candidates.Length == 1) chosen[field] = candidates[0];
                else if (CatalogFields.IsRequired(field))
                {
                    ambiguous = true;
                    problems.Add($"{CatalogFields.Key(field)} could be any of the columns {Quoted(names, candidates)}");
                }
                break; // an optional field two columns could hold is left unread
            }
            if (!chosen.ContainsKey(field) && !ambiguous && CatalogFields.IsRequired(field))
                problems.Add($"no column holds {CatalogFields.Key(field)} (looked for {string.Join(", ", CatalogFields.Synonyms(field).SelectMany(t => t))})");
        }

        if (problems.Count > 0)
        {
            string known = string.Join("; ", CatalogSchemas.All.Select(s => $"{s.Name} ({string.Join(",", s.Signature)})"));
            throw new CatalogFormatException(
                $"unknown schema: cannot tell which columns hold the songs: {string.Join("; ", problems)}. The header has [{string.Join(",", names.Take(40))}]. " +
                $"To settle it, {ColumnChoice.Hint}. Known schemas are detected without it: {known}");
        }

        string? Column(CatalogField f) => chosen.TryGetValue(f, out int i) ? names[i] : null;
        return new CatalogSchema(
            given.IsEmpty ? CatalogSchema.ByName : CatalogSchema.Given,
            given.IsEmpty ? "columns matched by their names" : "columns named with --columns, the rest matched by their names",
            [],
            Id: Column(CatalogField.Id)!, Title: Column(CatalogField.Title)!, Artists: Column(CatalogField.Artists)!,
            ArtistsFormat: ArtistsFormat.Auto,
            Album: Column(CatalogField.Album), Year: Column(CatalogField.Year), ReleaseDate: Column(CatalogField.ReleaseDate),
            Popularity: Column(CatalogField.Popularity), Explicit: Column(CatalogField.Explicit),
            Valence: Column(CatalogField.Valence)!, Energy: Column(CatalogField.Energy)!,
            Genre: Column(CatalogField.Genre), Duration: Column(CatalogField.Duration));
    }

    private static string Quoted(string[] names, IEnumerable<int> indices) => string.Join(", ", indices.Select(i => $"'{names[i]}'"));
}
