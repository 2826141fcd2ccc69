namespace Circumplex.Music.Storage;

/// <summary>What `catalog stats` shows: size, where songs came from, value ranges and a coarse histogram.</summary>
public sealed record CatalogStatistics(
    int SongCount,
    IReadOnlyList<ImportRecord> Imports,
    double MinValence, double MaxValence, double MinEnergy, double MaxEnergy,
    int? MinYear, int? MaxYear,
    int[,] Histogram)
{
    /// <summary>Bins per axis of <see cref="Histogram"/> ([valence bin, energy bin], each 1/Bins wide over [0, 1]).</summary>
    public const int Bins = 5;
}

/// <summary>One past import into the catalog.</summary>
public sealed record ImportRecord(long Id, string Source, string Schema, DateTimeOffset ImportedAt, int RowsRead, int SongsImported, int BadRows, int Duplicates);
