using System.Data.Common;
using Circumplex.Affect;

namespace Circumplex.Music.Storage;

/// <summary>
/// Reads the result rows that both catalog backends produce with the same columns, so SQLite and PostgreSQL turn
/// them into points, imports and statistics in exactly one way.
/// </summary>
internal static class CatalogRows
{
    /// <summary>Rows of (id, valence, energy) → ids and circumplex points, in row order.</summary>
    public static (string[] Ids, AffectPoint[] Points) Points(DbDataReader r, int expected)
    {
        var ids = new List<string>(expected);
        var points = new List<AffectPoint>(expected);
        while (r.Read())
        {
            ids.Add(r.GetString(0));
            points.Add(new AffectPoint(2 * r.GetDouble(1) - 1, 2 * r.GetDouble(2) - 1));
        }
        return (ids.ToArray(), points.ToArray());
    }

    /// <summary>Rows of (id, source, schema, imported at, rows read, songs imported, bad rows, duplicates).</summary>
    public static List<ImportRecord> Imports(DbDataReader r, Func<DbDataReader, int, DateTimeOffset> importedAt)
    {
        var imports = new List<ImportRecord>();
        while (r.Read())
            imports.Add(new ImportRecord(r.GetInt64(0), r.GetString(1), r.GetString(2), importedAt(r, 3),
                r.GetInt32(4), r.GetInt32(5), r.GetInt32(6), r.GetInt32(7)));
        return imports;
    }

    /// <summary>Rows of (valence bin, energy bin, songs) → the histogram of <see cref="CatalogStatistics"/>.</summary>
    public static int[,] Histogram(DbDataReader r)
    {
        var histogram = new int[CatalogStatistics.Bins, CatalogStatistics.Bins];
        while (r.Read()) histogram[r.GetInt32(0), r.GetInt32(1)] = r.GetInt32(2);
        return histogram;
    }

    /// <summary>One row of (songs, min/max valence, min/max energy, min/max year) → the statistics.</summary>
    public static CatalogStatistics Statistics(DbDataReader r, IReadOnlyList<ImportRecord> imports, int[,] histogram)
    {
        r.Read();
        double D(int i) => r.IsDBNull(i) ? double.NaN : r.GetDouble(i);
        int? Y(int i) => r.IsDBNull(i) ? null : r.GetInt32(i);
        return new CatalogStatistics(r.GetInt32(0), imports, D(1), D(2), D(3), D(4), Y(5), Y(6), histogram);
    }

    /// <summary>
    /// The songs in the order they are written: by ordinal id, so each insert appends to the primary-key B-tree
    /// instead of splitting pages all over it (600k rows into SQLite: 6 s in file order, 1 s in key order). An id
    /// twice is refused before any song is written: SQLite would keep either row, PostgreSQL's COPY would fail.
    /// Sorted by the id's first eight characters packed into a number (a sort of plain numbers, several times faster
    /// than comparing 600k strings), then by the whole id where those agree.
    /// </summary>
    public static Song[] InKeyOrder(IReadOnlyList<Song> songs)
    {
        var ordered = songs.ToArray();
        var keys = new ulong[ordered.Length];
        for (int i = 0; i < keys.Length; i++) keys[i] = OrdinalPrefix(ordered[i].Id);
        Array.Sort(keys, ordered);
        var byId = Comparer<Song>.Create((a, b) => string.CompareOrdinal(a.Id, b.Id));
        for (int i = 0; i < keys.Length;)
        {
            int j = i + 1;
            while (j < keys.Length && keys[j] == keys[i]) j++;
            if (j - i > 1) Array.Sort(ordered, i, j - i, byId);
            i = j;
        }
        for (int i = 1; i < ordered.Length; i++)
            if (ordered[i].Id == ordered[i - 1].Id) throw new ArgumentException($"song id {ordered[i].Id} appears twice in one import");
        return ordered;
    }

    /// <summary>
    /// The first eight characters as a number in the same order as <see cref="string.CompareOrdinal(string, string)"/>
    /// whenever the numbers differ (Spotify ids are ASCII; a character above 0xFF is clamped and left to the full compare).
    /// </summary>
    internal static ulong OrdinalPrefix(string id)
    {
        ulong key = 0;
        for (int c = 0; c < 8; c++) key = (key << 8) | (c < id.Length ? Math.Min(id[c], (char)0xFF) : 0u);
        return key;
    }
}
