namespace Circumplex.Acquisition;

/// <summary>The photo formats Circumplex accepts.</summary>
public enum PhotoFormat
{
    Jpeg,
    Png,
    WebP,
    Bmp,
}
