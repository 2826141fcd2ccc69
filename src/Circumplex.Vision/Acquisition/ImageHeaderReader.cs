namespace Circumplex.Acquisition;

/// <summary>
/// Reads a photo's format and size from its header without decoding it, so that decompression bombs are refused
/// before any pixel memory is allocated; also tells whether the file is complete (not cut off).
/// </summary>
public static class ImageHeaderReader
{
    /// <summary>
    /// The format and announced size. Throws <see cref="PhotoRejectedException"/> (Empty, UnsupportedFormat,
    /// Truncated or Corrupt) when the header cannot be read.
    /// </summary>
    public static ImageHeader Read(ReadOnlySpan<byte> data) => PhotoFormatSniffer.Detect(data) switch
    {
        PhotoFormat.Jpeg => JpegStructure.ReadHeader(data),
        PhotoFormat.Png => PngStructure.ReadHeader(data),
        PhotoFormat.WebP => WebPStructure.ReadHeader(data),
        PhotoFormat.Bmp => BmpStructure.ReadHeader(data),
        var other => throw new PhotoRejectedException(PhotoRejectionReason.UnsupportedFormat, $"Unsupported format {other}."),
    };

    /// <summary>
    /// False when the data stops before the image does (no JPEG end marker, no PNG IEND chunk, a RIFF container or
    /// BMP pixel array longer than the data). Expects a header already read by <see cref="Read"/> and within the pixel limit.
    /// </summary>
    public static bool IsComplete(ReadOnlySpan<byte> data, ImageHeader header) => header.Format switch
    {
        PhotoFormat.Jpeg => JpegStructure.IsComplete(data),
        PhotoFormat.Png => PngStructure.IsComplete(data),
        PhotoFormat.WebP => WebPStructure.IsComplete(data),
        PhotoFormat.Bmp => BmpStructure.IsComplete(data, header),
        _ => false,
    };
}
