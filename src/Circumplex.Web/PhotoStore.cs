using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Circumplex.Web;

/// <summary>
/// Opt-in storage of analysed photos (SPEC §7: photos are never stored unless the operator opts in). A photo lands
/// whole or not at all: it is written to a hidden temporary file in the same directory and renamed, so whoever reads
/// the directory never sees half a photo, and a crash leaves at most a ".*.tmp" file behind.
/// </summary>
internal sealed partial class PhotoStore(string directory)
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

    /// <summary>
    /// Writes one photo as <c>yyyyMMdd'T'HHmmss.fffffff'Z'-RANDOM.ext</c> (UTC) and returns its full path;
    /// <paramref name="extension"/> is the one the analyzer found for the photo's format (<see cref="PhotoAnalysis.FileExtension"/>).
    /// </summary>
    public string Save(ReadOnlySpan<byte> photo, string extension, DateTimeOffset at)
    {
        if (!SafeExtension().IsMatch(extension)) throw new ArgumentException($"'{extension}' is not a file extension such as .jpg", nameof(extension));
        string name = at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'.'fffffff'Z'", CultureInfo.InvariantCulture) + "-" + RandomSuffix() + extension;
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

    // The extension becomes part of a path: letters and digits only, so it can never leave the directory.
    [GeneratedRegex("^\\.[a-z0-9]{1,5}$")]
    private static partial Regex SafeExtension();
}
