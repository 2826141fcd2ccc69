namespace Circumplex.Acquisition;

/// <summary>What a photo's header says about it, read without decoding a single pixel.</summary>
public readonly record struct ImageHeader(PhotoFormat Format, int Width, int Height)
{
    /// <summary>Width × height, as announced by the header.</summary>
    public long PixelCount => (long)Width * Height;
}
