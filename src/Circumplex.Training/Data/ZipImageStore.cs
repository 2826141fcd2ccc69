using System.IO.Compression;

namespace Circumplex.Training.Data;

/// <summary>
/// Images inside a zip archive, read in place (never extracted). ZipArchive is not thread-safe, so each
/// reading thread gets its own handle on the archive.
/// </summary>
public sealed class ZipImageStore : IImageStore
{
    private readonly string _path;
    private readonly HashSet<string> _entries;
    private readonly ThreadLocal<ZipArchive> _archive;

    public ZipImageStore(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"zip archive not found: {path}", path);
        _path = path;
        try
        {
            using var zip = ZipFile.OpenRead(path);
            _entries = zip.Entries.Where(e => !e.FullName.EndsWith('/')).Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path} is not a readable zip archive: {e.Message}", e);
        }
        _archive = new ThreadLocal<ZipArchive>(() => ZipFile.OpenRead(_path), trackAllValues: true);
    }

    public IReadOnlyCollection<string> Keys => _entries;

    public bool Contains(string key) => _entries.Contains(key);

    public byte[] Read(string key)
    {
        var entry = _archive.Value!.GetEntry(key) ?? throw new FileNotFoundException($"{key} is not in {_path}");
        using var s = entry.Open();
        var buffer = new byte[entry.Length];
        s.ReadExactly(buffer);
        return buffer;
    }

    public void Dispose()
    {
        foreach (var zip in _archive.Values) zip.Dispose();
        _archive.Dispose();
    }
}
