namespace Circumplex.Training.Data;

/// <summary>Reads an image's encoded bytes by its key: a folder, or a zip archive read in place.</summary>
public interface IImageStore : IDisposable
{
    byte[] Read(string key);
    bool Contains(string key);
}
