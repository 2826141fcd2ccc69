using Circumplex.Music.Import;

namespace Circumplex.Music.Storage;

/// <summary>
/// An import in progress, opened by <see cref="ICatalogStore.BeginImport"/>: songs are handed over while the file is
/// still being read, so a store that can take them at once (PostgreSQL's COPY) works alongside the reader instead
/// of after it. Nobody sees any of it until <see cref="Complete"/>; disposing an import that was not completed (a
/// refused file, an error while reading) leaves the catalog exactly as it was.
/// </summary>
public interface ICatalogImport : IDisposable
{
    /// <summary>One song of the file, each id once (the reader has already dropped repeated ids).</summary>
    void Add(Song song);

    /// <summary>Makes the added songs the catalog's (or adds them to it) and records the import with the read's counts.</summary>
    ImportRecord Complete(CatalogReadResult read);
}
