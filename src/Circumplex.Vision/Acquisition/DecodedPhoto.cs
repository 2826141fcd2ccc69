using OpenCvSharp;

namespace Circumplex.Acquisition;

/// <summary>A decoded photo: an 8-bit, 3-channel BGR <see cref="Mat"/> (OpenCV's order) and the format it came in. Owns the Mat.</summary>
public sealed class DecodedPhoto : IDisposable
{
    internal DecodedPhoto(Mat image, PhotoFormat format)
    {
        Image = image;
        Format = format;
    }

    /// <summary>The pixels, CV_8UC3 in BGR order.</summary>
    public Mat Image { get; }

    public PhotoFormat Format { get; }

    public int Width => Image.Width;

    public int Height => Image.Height;

    public void Dispose() => Image.Dispose();
}
