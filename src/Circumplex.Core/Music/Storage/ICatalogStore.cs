using Circumplex.Affect;
using Circumplex.Music.Import;

namespace Circumplex.Music.Storage;

/// <summary>
/// The song catalog, wherever it is kept (an embedded SQLite file or a PostgreSQL database): both backends behave
/// the same and pass the same contract tests. Every member is safe to call from several threads at once, also while
/// an import is running; readers see the catalog as it was before or after an import, never half of one.
/// </summary>
/// <summary>The catalog's points in ordinal id order and the generation they are from.</summary>
public sealed record CatalogPoints(string[] Ids, AffectPoint[] Points, long Generation);

public interface ICatalogStore : IDisposable
{
    /// <summary>Where the catalog lives, fit to show or log: a file path, or a PostgreSQL address without its password.</summary>
    string Location { get; }

    /// <summary>Adds (or updates) every song of a read file in one transaction and records the import.</summary>
    ImportRecord Import(CatalogReadResult read, string source, bool replaceExisting = false);

    /// <summary>
    /// Starts an import whose songs arrive one at a time while the file is read (<see cref="ICatalogImport.Add"/>),
    /// as one transaction like <see cref="Import"/>.
    /// </summary>
    ICatalogImport BeginImport(string source, bool replaceExisting = false);

    int Count();

    /// <summary>Every song's id and circumplex point, in ordinal id order: what the spatial index is built from.</summary>
    (string[] Ids, AffectPoint[] Points) LoadPoints();

    /// <summary>Hands every song to <paramref name="visit"/> one at a time, in ordinal id order (the order of
    /// <see cref="LoadPoints"/>), from one consistent snapshot, without holding them all in memory.</summary>
    void ForEachSong(Action<Song> visit);

    /// <summary>
    /// The catalog's generation: a number that every import raises by one in the same transaction, so anyone holding
    /// an index can tell cheaply whether it is still the catalog's (and several web instances notice another's import).
    /// </summary>
    long Generation();

    /// <summary>Every song's id and point, as <see cref="LoadPoints"/>, and the generation they belong to, read from one snapshot.</summary>
    CatalogPoints LoadSnapshot();

    /// <summary>
    /// Returns when the catalog may have changed (PostgreSQL: a notification from an import in any process) or when
    /// <paramref name="timeout"/> has passed, whichever is first. Callers then compare <see cref="Generation"/>.
    /// </summary>
    Task WaitForChangeAsync(TimeSpan timeout, CancellationToken cancellationToken);

    Song? Find(string id);

    /// <summary>The songs of the given ids that are in the catalog, by id; unknown ids are left out.</summary>
    IReadOnlyDictionary<string, Song> FindMany(IReadOnlyCollection<string> ids);

    CatalogStatistics Statistics();
}
