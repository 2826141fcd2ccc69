using System.Collections.Concurrent;
using OpenCvSharp;

namespace Circumplex.Acquisition;

/// <summary>
/// Lends out OpenCV <see cref="CascadeClassifier"/>s loaded from one file. A classifier is not thread-safe, so each
/// concurrent caller gets its own; idle ones are reused. Loads one at construction so a bad path fails early.
/// </summary>
internal sealed class HaarCascadePool : IDisposable
{
    private readonly ConcurrentBag<CascadeClassifier> _idle = [];
    private readonly List<CascadeClassifier> _all = [];
    private readonly Lock _gate = new();
    private bool _disposed;

    public HaarCascadePool(string path)
    {
        Path = path;
        _idle.Add(Load());
    }

    public string Path { get; }

    public T Use<T>(Func<CascadeClassifier, T> work)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CascadeClassifier cascade = _idle.TryTake(out CascadeClassifier? idle) ? idle : Load();
        try
        {
            return work(cascade);
        }
        finally
        {
            _idle.Add(cascade);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (CascadeClassifier c in _all) c.Dispose();
            _all.Clear();
            _idle.Clear();
        }
    }

    private CascadeClassifier Load()
    {
        if (!File.Exists(Path))
            throw new FileNotFoundException(
                $"Haar cascade not found at {Path}. Install the Debian/Ubuntu package 'opencv-data' (it puts the cascades "
                + $"in {FaceDetectorOptions.DefaultCascadeDirectory}) or set the cascade path in the face detector options.", Path);
        CascadeClassifier cascade;
        try
        {
            cascade = new CascadeClassifier(Path);
        }
        catch (Exception e) when (e is OpenCVException or OpenCvSharpException)
        {
            throw new InvalidDataException($"The Haar cascade {Path} could not be loaded: {e.Message}", e);
        }
        if (cascade.Empty())
        {
            cascade.Dispose();
            throw new InvalidDataException($"The file {Path} is not a valid OpenCV Haar cascade.");
        }
        lock (_gate)
        {
            if (_disposed)
            {
                cascade.Dispose();
                throw new ObjectDisposedException(nameof(HaarCascadePool));
            }
            _all.Add(cascade);
        }
        return cascade;
    }
}
