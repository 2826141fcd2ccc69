using Circumplex.Affect;
using Circumplex.Music.Import;

namespace Circumplex.Music.Storage;

/// <summary>
/// The song catalog, wherever it is kept (an embedded SQLite file or a PostgreSQL database): both backends behave
/// the same and pass the same contract tests. Every member is safe to call from several threads at once, also while
/// an import is running; readers see the catalog as it was before or after an import, never half of one.
/// </summary>
public interface ICatalogStore : IDisposable
{
    /// <summary>Where the catalog lives, fit to show or log: a file path, or a PostgreSQL address without its password.</summary>
    string Location { get; }

    /// <summary>Adds (or updates) every song of a read file in one transaction and records the import.</summary>
    ImportRecord Import(CatalogReadResult read, string source, bool replaceExisting = false);

    int Count();

    /// <summary>Every song's id and circumplex point, in ordinal id order: what the spatial index is built from.</summary>
    (string[] Ids, AffectPoint[] Points) LoadPoints();

    /// <summary>Hands every song to <paramref name="visit"/> one at a time, in ordinal id order (the order of
    /// <see cref="LoadPoints"/>), from one consistent snapshot, without holding them all in memory.</summary>
    void ForEachSong(Action<Song> visit);

    Song? Find(string id);

    /// <summary>The songs of the given ids that are in the catalog, by id; unknown ids are left out.</summary>
    IReadOnlyDictionary<string, Song> FindMany(IReadOnlyCollection<string> ids);

    CatalogStatistics Statistics();
}
