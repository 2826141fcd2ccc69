using System.Globalization;
using System.Security.Cryptography;

namespace Circumplex.Web;

/// <summary>
/// Opt-in storage of analysed photos (SPEC §7: photos are never stored unless the operator opts in). A photo lands
/// whole or not at all: it is written to a hidden temporary file in the same directory and renamed, so whoever reads
/// the directory never sees half a photo, and a crash leaves at most a ".*.tmp" file behind.
/// </summary>
internal sealed class PhotoStore(string directory)
{
    // Photos are personal data: readable by the server's own user only.
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary>
    /// Creates the directory when missing and proves it writable by writing and deleting a probe file, so that a bad
    /// directory stops the server at start-up instead of failing photo after photo.
    /// </summary>
    public static void EnsureWritable(string directory)
    {
        string full = Path.GetFullPath(directory);
        if (File.Exists(full))
            throw new IOException($"photos cannot be stored in {full}: it is a file, not a directory");
        string probe = Path.Combine(full, $".write-probe-{RandomSuffix()}.tmp");
        try
        {
            System.IO.Directory.CreateDirectory(full);
            using (new FileStream(probe, Options(FileMode.CreateNew))) { }
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"photos cannot be stored in {full}: {e.Message} Give a directory this server can write to, or leave photo storage off.", e);
        }
    }

    /// <summary>Writes one photo as <c>yyyyMMdd'T'HHmmss.fffffff'Z'-RANDOM.ext</c> (UTC) and returns its full path.</summary>
    public string Save(ReadOnlySpan<byte> photo, DateTimeOffset at)
    {
        string name = at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'.'fffffff'Z'", CultureInfo.InvariantCulture) + "-" + RandomSuffix() + Extension(photo);
        string final = Path.Combine(Directory, name);
        string temporary = Path.Combine(Directory, "." + name + ".tmp");
        try
        {
            using (var f = new FileStream(temporary, Options(FileMode.CreateNew)))
            {
                f.Write(photo);
                f.Flush(flushToDisk: true);
            }
            File.Move(temporary, final, overwrite: false);
            return final;
        }
        catch
        {
            try { File.Delete(temporary); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    private static FileStreamOptions Options(FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = PrivateFile;
        return options;
    }

    // The timestamp alone can repeat (two photos in the same tick, or clocks that step back): 64 random bits cannot.
    private static string RandomSuffix() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    // The analyzer has already accepted the bytes as one of these formats; the extension only helps whoever opens the folder.
    private static string Extension(ReadOnlySpan<byte> photo) =>
        photo.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? ".jpg"
        : photo.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G']) ? ".png"
        : photo.Length >= 12 && photo.StartsWith("RIFF"u8) && photo[8..12].SequenceEqual("WEBP"u8) ? ".webp"
        : photo.StartsWith("BM"u8) ? ".bmp"
        : ".img";
}
