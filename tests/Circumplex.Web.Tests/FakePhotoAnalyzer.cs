using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Circumplex.Emotion;

namespace Circumplex.Web.Tests;

/// <summary>
/// A deterministic stand-in for the real face → affect pipeline. It checks the format by magic bytes (JPEG, PNG,
/// WebP, BMP), reads the size from the header, reports "no face" for any file containing <see cref="NoFaceMarker"/>,
/// and derives (valence, arousal) from the SHA-256 of the bytes, so equal photos always give equal answers.
/// </summary>
public sealed class FakePhotoAnalyzer(EmotionTree? tree = null) : IPhotoAnalyzer
{
    public const string NoFaceMarker = "NO-FACE";
    public const long MaxPixels = 40_000_000;

    public string ModelName => "fake (tests)";
    public EmotionTree EmotionTree { get; } = tree ?? CentroidEmotionTree.Instance;

    /// <summary>
    /// When set, each analysis waits until the test opens it: the test then decides when the concurrency limit is full,
    /// which a delay cannot do on a loaded machine (requests that start late find the slot free again).
    /// </summary>
    public ManualResetEventSlim? Gate { get; init; }

    private int _running, _maxRunning, _calls;
    public int MaxConcurrent => Volatile.Read(ref _maxRunning);
    public int Calls => Volatile.Read(ref _calls);

    public static (double Valence, double Arousal) Expected(byte[] photo)
    {
        var h = SHA256.HashData(photo);
        double v = BinaryPrimitives.ReadUInt16BigEndian(h) / 65535.0 * 1.8 - 0.9;
        double a = BinaryPrimitives.ReadUInt16BigEndian(h.AsSpan(2)) / 65535.0 * 1.8 - 0.9;
        return (Math.Round(v, 4), Math.Round(a, 4));
    }

    public PhotoAnalysis Analyze(byte[] photo, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        int now = Interlocked.Increment(ref _running);
        try
        {
            int seen;
            while (now > (seen = Volatile.Read(ref _maxRunning)) && Interlocked.CompareExchange(ref _maxRunning, now, seen) != seen) { }
            Gate?.Wait(cancellationToken);
            var (w, h, extension) = Size(photo) ?? throw new PhotoAnalysisException(PhotoProblem.NotAnImage,
                "the file is not an image: JPEG, PNG, WebP or BMP expected");
            if ((long)w * h > MaxPixels)
                throw new PhotoAnalysisException(PhotoProblem.TooManyPixels, $"the image is {w}×{h} pixels; at most {MaxPixels:N0} pixels are accepted");
            if (photo.AsSpan().IndexOf(Encoding.ASCII.GetBytes(NoFaceMarker)) >= 0)
                throw new PhotoAnalysisException(PhotoProblem.NoFace, "no face was found in the photo: face the camera in good light, or try another photo");
            var (v, a) = Expected(photo);
            return new PhotoAnalysis(w, h, [new FaceBox(w / 4, h / 4, w / 2, h / 2)], v, a, extension);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    /// <summary>Waits (polling, so it also works while analyses block threads) until <paramref name="calls"/> analyses have started.</summary>
    public async Task WaitForCallsAsync(int calls, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Calls < calls)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{Calls} of {calls} analyses started within {timeout}");
            await Task.Delay(10);
        }
    }

    private static (int W, int H, string Extension)? Size(byte[] b)
    {
        if (b.Length >= 24 && b.AsSpan(0, 8).SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
            return (BinaryPrimitives.ReadInt32BigEndian(b.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(b.AsSpan(20)), ".png");
        if (b.Length >= 26 && b[0] == 'B' && b[1] == 'M')
            return (BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(18)), Math.Abs(BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(22))), ".bmp");
        if (b.Length >= 30 && b.AsSpan(0, 4).SequenceEqual("RIFF"u8) && b.AsSpan(8, 4).SequenceEqual("WEBP"u8))
            return (640, 480, ".webp");
        if (b.Length >= 4 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
        {
            int i = 2;
            while (i + 9 < b.Length)
            {
                if (b[i] != 0xFF) { i++; continue; }
                byte marker = b[i + 1];
                if (marker is 0xD8 or 0x01 || marker is >= 0xD0 and <= 0xD7) { i += 2; continue; }
                int len = BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(i + 2));
                if (marker is >= 0xC0 and <= 0xCF && marker is not (0xC4 or 0xC8 or 0xCC))
                    return (BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(i + 7)), BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(i + 5)), ".jpg");
                i += 2 + len;
            }
            return null;
        }
        return null;
    }
}
