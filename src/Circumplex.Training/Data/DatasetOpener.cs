using nietras.SeparatedValues;

namespace Circumplex.Training.Data;

/// <summary>
/// Opens any supported dataset from one path, recognising its layout: an AffectNet CSV, a labels CSV of the
/// AffectNet subset (images in a sibling zip or folder), a generic path,valence,arousal CSV, or a folder/zip of
/// class folders.
/// </summary>
public static class DatasetOpener
{
    public static FaceDataset Open(string path, string? images = null)
    {
        if (Directory.Exists(path) || path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            return FolderPerClassReader.Read(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"dataset not found: {path}", path);

        string[] header;
        using (var reader = Sep.Reader(o => o with { DisableColCountCheck = true }).FromFile(path))
            header = reader.Header.ColNames.ToArray();
        if (AffectNetOfficialReader.Columns.All(header.Contains))
            return AffectNetOfficialReader.Read(path, OpenImages(path, images, probeKey: null));
        if (AffectNetSubsetReader.Columns.All(header.Contains))
            return AffectNetSubsetReader.Read(path, OpenImages(path, images, FirstValue(path, "file")));
        if (new[] { "path", "valence", "arousal" }.All(header.Contains))
            return GenericCsvReader.Read(path);
        throw new InvalidDataException(
            $"{path}: unknown dataset layout with columns [{string.Join(",", header)}]; expected AffectNet's " +
            $"({string.Join(",", AffectNetOfficialReader.Columns)}), a labels CSV ({string.Join(",", AffectNetSubsetReader.Columns)}) or path,valence,arousal[,expression]");
    }

    private static string? FirstValue(string csv, string column)
    {
        using var reader = Sep.Reader(o => o with { Unescape = true, DisableColCountCheck = true }).FromFile(csv);
        foreach (var row in reader) return row[column].ToString().Trim();
        return null;
    }

    /// <summary>The given image store, or else the CSV's folder, or else a sibling zip that holds the first image.</summary>
    private static IImageStore OpenImages(string csv, string? images, string? probeKey)
    {
        if (images is not null)
            return images.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) ? new ZipImageStore(images) : new FolderImageStore(images);
        string dir = Path.GetDirectoryName(Path.GetFullPath(csv))!;
        var folder = new FolderImageStore(dir);
        if (probeKey is null || folder.Contains(probeKey)) return folder;
        // labels_train.csv pairs with *_train.zip: prefer the zip whose name shares the split suffix.
        string split = Path.GetFileNameWithoutExtension(csv).Split('_')[^1];
        foreach (var zipPath in Directory.EnumerateFiles(dir, "*.zip").OrderByDescending(z => Path.GetFileNameWithoutExtension(z).EndsWith(split)))
        {
            var zip = new ZipImageStore(zipPath);
            if (zip.Contains(probeKey)) return zip;
            zip.Dispose();
        }
        throw new FileNotFoundException($"{csv}: cannot find its images (tried {dir} and the zip archives there); pass --images");
    }
}
