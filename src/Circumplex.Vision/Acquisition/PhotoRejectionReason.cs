namespace Circumplex.Acquisition;

/// <summary>Why a photo was refused before (or instead of) being analysed.</summary>
public enum PhotoRejectionReason
{
    /// <summary>The upload had no bytes at all.</summary>
    Empty,

    /// <summary>The file is over the configured byte limit (<see cref="PhotoDecoderOptions.MaxBytes"/>).</summary>
    TooLarge,

    /// <summary>The bytes are not JPEG, PNG, WebP or BMP (judged by their magic bytes, never by a file name).</summary>
    UnsupportedFormat,

    /// <summary>The header or the pixel data is malformed, or the decoder refused it.</summary>
    Corrupt,

    /// <summary>The file ends before the image does (a cut-off upload or download).</summary>
    Truncated,

    /// <summary>The header announces more pixels than <see cref="PhotoDecoderOptions.MaxPixels"/> (decompression bomb).</summary>
    TooManyPixels,

    /// <summary>The photo decoded fine but no face was found in it.</summary>
    NoFace,
}
