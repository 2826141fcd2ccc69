using System.Globalization;
using System.Net;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;

namespace Circumplex.Web.Tests;

/// <summary>Photo storage is off unless the operator opts in; when on, each photo the operator analyses lands whole in the folder.</summary>
public partial class PhotoStorageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("circumplex-photos-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    /// <summary>
    /// Random pixels: the PNG does not compress, so it is well past the 64 KB at which ASP.NET's form reader would
    /// spill to a temporary file, and any 64-byte run of it is unique to this test run.
    /// </summary>
    private static byte[] NoisyPhoto(int seed)
    {
        var random = new Random(seed);
        return TestImages.Png(200, 200, (_, _) => ((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));
    }

    private static bool Holds(string file, ReadOnlySpan<byte> needle)
    {
        try
        {
            return File.ReadAllBytes(file).AsSpan().IndexOf(needle) >= 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // gone or locked by another process: not ours
        }
    }

    [GeneratedRegex(@"^(\d{8}T\d{6}\.\d{7}Z)-[0-9a-f]{16}\.png$")]
    private static partial Regex StoredName();

    [Fact]
    public async Task Off_by_default_nothing_is_written_anywhere_under_the_temp_folder()
    {
        var started = DateTime.UtcNow.AddSeconds(-1);
        byte[] photo = NoisyPhoto(Environment.ProcessId);
        Assert.True(photo.Length > 100_000, $"the photo is only {photo.Length} bytes");
        await using var host = await TestServerHost.StartAsync(new FakePhotoAnalyzer(), kestrel: true);
        var before = Directory.GetFiles(host.Folder, "*", SearchOption.AllDirectories).Order().ToArray();

        var r = await Http.Ok<AnalyzeResponse>(await host.Client.Post("/api/analyze", Http.Multipart("photo", photo, "me.png", "image/png")));
        Assert.False(r.PhotoStored);
        var status = await Http.Ok<CatalogStatusResponse>(await host.Client.Get("/api/catalog"));
        Assert.False(status.StoresPhotos);

        // Beside the database no file appeared, and no file written under the temp folder since the start holds the photo.
        Assert.Equal(before, Directory.GetFiles(host.Folder, "*", SearchOption.AllDirectories).Order().ToArray());
        byte[] needle = photo.AsSpan(photo.Length / 2, 64).ToArray();
        var written = new DirectoryInfo(Path.GetTempPath())
            .EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint })
            .Where(f => f.LastWriteTimeUtc >= started && f.Length >= needle.Length && f.Length < 512L * 1024 * 1024)
            .Where(f => Holds(f.FullName, needle))
            .Select(f => f.FullName)
            .ToArray();
        Assert.Empty(written);
    }

    [Fact]
    public async Task On_each_analysed_photo_is_one_private_file_with_exactly_the_uploaded_bytes()
    {
        string store = Path.Combine(_dir, "not-yet", "photos"); // created at start-up
        byte[] photo = NoisyPhoto(Environment.ProcessId + 1);
        await using var host = await TestServerHost.StartAsync(new FakePhotoAnalyzer(), kestrel: true,
            configure: o => o with { PhotoStorageDirectory = store });
        Assert.True(Directory.Exists(store));
        Assert.Empty(Directory.GetFileSystemEntries(store)); // the start-up probe left nothing behind
        Assert.True((await Http.Ok<CatalogStatusResponse>(await host.Operator.Get("/api/catalog"))).StoresPhotos);
        // Storing photos is the operator's: a visitor's photo is analysed and never kept, and the visitor is told so.
        Assert.False((await Http.Ok<CatalogStatusResponse>(await host.Client.Get("/api/catalog"))).StoresPhotos);
        Assert.False((await Http.Ok<AnalyzeResponse>(await host.Client.Post("/api/analyze", Http.Multipart("photo", photo, "me.png", "image/png")))).PhotoStored);
        Assert.Empty(Directory.GetFileSystemEntries(store));

        var from = DateTimeOffset.UtcNow;
        var r = await Http.Ok<AnalyzeResponse>(await host.Operator.Post("/api/analyze", Http.Multipart("photo", photo, "me.png", "image/png")));
        var to = DateTimeOffset.UtcNow;
        Assert.True(r.PhotoStored);
        // A photo the analyzer refuses (here: no face) is not kept.
        await Http.Problem(await host.Operator.Post("/api/analyze", Http.Multipart("photo", TestImages.Png(32, 32, comment: FakePhotoAnalyzer.NoFaceMarker), "wall.png", "image/png")),
            HttpStatusCode.UnprocessableEntity, "no face");

        string file = Assert.Single(Directory.GetFileSystemEntries(store)); // no temporary file is left either
        Assert.Equal(photo, await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken));
        var name = StoredName().Match(Path.GetFileName(file));
        Assert.True(name.Success, $"unexpected name {Path.GetFileName(file)}");
        var at = DateTimeOffset.ParseExact(name.Groups[1].Value, "yyyyMMdd'T'HHmmss'.'fffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.InRange(at, from, to);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));

        // The same photo again is a second file, not an overwrite.
        Assert.True((await Http.Ok<AnalyzeResponse>(await host.Operator.Post("/api/analyze", Http.Multipart("photo", photo, "me.png", "image/png")))).PhotoStored);
        Assert.Equal(2, Directory.GetFiles(store).Length);
    }

    [Fact]
    public async Task A_store_that_breaks_after_start_up_still_answers_and_says_the_photo_was_not_kept()
    {
        string store = Path.Combine(_dir, "photos");
        await using var host = await TestServerHost.StartAsync(new FakePhotoAnalyzer(), configure: o => o with { PhotoStorageDirectory = store });
        Directory.Delete(store);
        await File.WriteAllTextAsync(store, "a file where the folder was", TestContext.Current.CancellationToken); // unwritable even for root
        var r = await Http.Ok<AnalyzeResponse>(await host.Operator.Post("/api/analyze", Http.Multipart("photo", TestImages.Png(16, 16), "me.png", "image/png")));
        Assert.False(r.PhotoStored);
        Assert.Equal(5, r.Songs.Count);
    }

    [Fact]
    public void A_directory_that_cannot_be_written_stops_the_start_with_a_clear_error()
    {
        string file = Path.Combine(_dir, "a-file");
        File.WriteAllText(file, "x");
        var options = new WebOptions { DatabasePath = Path.Combine(_dir, "c.db"), Urls = "http://127.0.0.1:0" };

        var e = Assert.Throws<IOException>(() => CircumplexWebApp.Create(options with { PhotoStorageDirectory = file }));
        Assert.Equal($"photos cannot be stored in {file}: it is a file, not a directory", e.Message);

        string under = Path.Combine(file, "photos");
        e = Assert.Throws<IOException>(() => CircumplexWebApp.Create(options with { PhotoStorageDirectory = under }));
        Assert.StartsWith($"photos cannot be stored in {under}: ", e.Message);
        Assert.EndsWith("Give a directory this server can write to, or leave photo storage off.", e.Message);

        Assert.Throws<ArgumentException>(() => CircumplexWebApp.Create(options with { PhotoStorageDirectory = " " }));
        Assert.False(File.Exists(options.DatabasePath), "the database was opened although the server could not start");
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void A_read_only_directory_stops_the_start_with_a_clear_error()
    {
        string store = Directory.CreateDirectory(Path.Combine(_dir, "read-only")).FullName;
        File.SetUnixFileMode(store, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            try
            {
                File.WriteAllText(Path.Combine(store, "probe"), "x");
                Assert.Skip("permission bits do not stop this user from writing (running as root)");
            }
            catch (UnauthorizedAccessException) { }
            var e = Assert.Throws<IOException>(() => new WebOptions { DatabasePath = Path.Combine(_dir, "c.db"), PhotoStorageDirectory = store }.Validate());
            Assert.StartsWith($"photos cannot be stored in {store}: Access to the path", e.Message);
        }
        finally
        {
            File.SetUnixFileMode(store, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
