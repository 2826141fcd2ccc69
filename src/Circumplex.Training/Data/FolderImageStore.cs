namespace Circumplex.Training.Data;

/// <summary>Images as files under a root folder; keys are relative paths with '/'.</summary>
public sealed class FolderImageStore(string root) : IImageStore
{
    public string Root { get; } = Directory.Exists(root) ? Path.GetFullPath(root) : throw new DirectoryNotFoundException($"image folder not found: {root}");

    private string PathOf(string key)
    {
        string full = Path.GetFullPath(Path.Combine(Root, key));
        // A key such as "../../etc/passwd" from a hostile CSV must not escape the dataset folder.
        if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new InvalidDataException($"image path {key} points outside {Root}");
        return full;
    }

    public byte[] Read(string key)
    {
        string path = PathOf(key);
        if (!File.Exists(path)) throw new FileNotFoundException($"image not found: {path}", path);
        return File.ReadAllBytes(path);
    }

    public bool Contains(string key) => File.Exists(PathOf(key));

    public void Dispose() { }
}
