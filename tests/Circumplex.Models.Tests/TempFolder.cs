using System.Security.Cryptography;
using System.Text;

namespace Circumplex.Models.Tests;

/// <summary>A scratch folder per test class, removed afterwards; and a way to forge model files for error cases.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "circumplex-models-" + Guid.NewGuid().ToString("N"));

    public TempFolder() => Directory.CreateDirectory(Path);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }

    /// <summary>Rewrites a model file's metadata JSON and re-seals the checksum, as a hostile or buggy writer might.</summary>
    public static void RewriteMetadata(string path, Func<string, string> edit)
    {
        byte[] bytes = System.IO.File.ReadAllBytes(path);
        int length = BitConverter.ToInt32(bytes, 12);
        string json = Encoding.UTF8.GetString(bytes, 16, length);
        byte[] newJson = Encoding.UTF8.GetBytes(edit(json));
        using var stream = new MemoryStream();
        stream.Write(bytes, 0, 12);
        stream.Write(BitConverter.GetBytes(newJson.Length));
        stream.Write(newJson);
        stream.Write(bytes, 16 + length, bytes.Length - 16 - length - 32);
        stream.Write(SHA256.HashData(stream.ToArray()));
        System.IO.File.WriteAllBytes(path, stream.ToArray());
    }
}
