using Circumplex.Affect;

namespace Circumplex.Training.Data;

/// <summary>
/// Categorical sets laid out as one folder per class, e.g. FER2013's train/happy/*.jpg, in a folder or a zip.
/// Folder names map to the 8 expressions (angry → anger, …); files under unknown class names are skipped.
/// These sets carry no valence/arousal.
/// </summary>
public static class FolderPerClassReader
{
    private static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png", ".bmp", ".webp"];

    public static FaceDataset Read(string path)
    {
        IImageStore store;
        IEnumerable<string> keys;
        if (Directory.Exists(path))
        {
            var folder = new FolderImageStore(path);
            store = folder;
            keys = Directory.EnumerateFiles(folder.Root, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(folder.Root, f).Replace(Path.DirectorySeparatorChar, '/'));
        }
        else if (File.Exists(path) && path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            var zip = new ZipImageStore(path);
            store = zip;
            keys = zip.Keys;
        }
        else throw new FileNotFoundException($"no folder or .zip archive at {path}", path);

        var samples = new List<FaceSample>();
        var skipped = new List<string>();
        foreach (string key in keys.Order(StringComparer.Ordinal))
        {
            if (!ImageExtensions.Contains(Path.GetExtension(key).ToLowerInvariant())) continue;
            string[] parts = key.Split('/');
            if (parts.Length < 2) { skipped.Add($"{key}: not inside a class folder"); continue; }
            string className = parts[^2];
            if (!Expressions.TryParse(className, out var expression)) { skipped.Add($"{key}: unknown class '{className}'"); continue; }
            samples.Add(new FaceSample(key, null, null, expression));
        }
        if (samples.Count == 0)
        {
            store.Dispose();
            throw new InvalidDataException($"{path} holds no images in class folders (expected e.g. train/happy/*.jpg)");
        }
        return new FaceDataset(Path.GetFileName(path.TrimEnd('/')), samples, store, skipped);
    }
}
