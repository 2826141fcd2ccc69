using System.Diagnostics;
using System.Globalization;

namespace Circumplex.Web;

/// <summary>
/// Where catalog uploads wait while they arrive and are imported: <c>uploads/</c> in the data folder (mode 0700), one
/// file per upload (mode 0600), named with the server's process id. At start the files of processes that no longer
/// run (a crash, a kill) are deleted; those of another live instance sharing the folder are left alone.
/// </summary>
internal sealed class UploadFolder
{
    private const string Prefix = "upload-";

    public UploadFolder(string dataDirectory)
    {
        Path = System.IO.Path.Combine(dataDirectory, "uploads");
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(Path);
        else
        {
            const UnixFileMode owner = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
            Directory.CreateDirectory(Path, owner);
            File.SetUnixFileMode(Path, owner); // also when it existed with wider rights
        }
    }

    public string Path { get; }

    /// <summary>Deletes the leftovers of processes that are gone; returns how many files and bytes that freed.</summary>
    public (int Files, long Bytes) Sweep()
    {
        int files = 0;
        long bytes = 0;
        foreach (var file in new DirectoryInfo(Path).EnumerateFiles(Prefix + "*.tmp"))
        {
            string[] parts = file.Name.Split('-');
            if (parts.Length >= 3 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && IsRunning(pid)) continue;
            try
            {
                long length = file.Length;
                file.Delete();
                files++;
                bytes += length;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
        return (files, bytes);
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>A new private file for one upload: its path and the stream to write it through.</summary>
    public (string Path, FileStream Stream) Create()
    {
        string path = System.IO.Path.Combine(Path, $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid():N}.csv.tmp");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 1 << 16, Options = FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        return (path, new FileStream(path, options));
    }
}
