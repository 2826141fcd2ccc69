namespace Circumplex.Acquisition;

/// <summary>Recognises a photo's format from its first bytes (magic numbers); file names and MIME types are never trusted.</summary>
public static class PhotoFormatSniffer
{
    private static ReadOnlySpan<byte> JpegMagic => [0xFF, 0xD8, 0xFF];
    private static ReadOnlySpan<byte> PngMagic => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static ReadOnlySpan<byte> Riff => "RIFF"u8;
    private static ReadOnlySpan<byte> WebP => "WEBP"u8;
    private static ReadOnlySpan<byte> BmpMagic => "BM"u8;

    /// <summary>
    /// The format of <paramref name="data"/>. Throws <see cref="PhotoRejectedException"/> with
    /// <see cref="PhotoRejectionReason.Empty"/> for no bytes, <see cref="PhotoRejectionReason.Truncated"/> when the data is
    /// only the beginning of a known signature, and <see cref="PhotoRejectionReason.UnsupportedFormat"/> otherwise.
    /// </summary>
    public static PhotoFormat Detect(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
            throw new PhotoRejectedException(PhotoRejectionReason.Empty, "The photo is empty (0 bytes).");
        if (TryDetect(data, out PhotoFormat format))
            return format;
        if (IsPrefixOfSignature(data))
            throw new PhotoRejectedException(PhotoRejectionReason.Truncated,
                $"The photo is only {data.Length} byte(s) long: it stops inside the file signature (truncated).");
        throw new PhotoRejectedException(PhotoRejectionReason.UnsupportedFormat,
            $"Unsupported file type (first bytes {Describe(data)}): send a JPEG, PNG, WebP or BMP photo.");
    }

    /// <summary>True when <paramref name="data"/> starts with the signature of a supported format.</summary>
    public static bool TryDetect(ReadOnlySpan<byte> data, out PhotoFormat format)
    {
        if (data.StartsWith(JpegMagic)) { format = PhotoFormat.Jpeg; return true; }
        if (data.StartsWith(PngMagic)) { format = PhotoFormat.Png; return true; }
        if (data.Length >= 12 && data.StartsWith(Riff) && data[8..12].SequenceEqual(WebP)) { format = PhotoFormat.WebP; return true; }
        if (data.StartsWith(BmpMagic)) { format = PhotoFormat.Bmp; return true; }
        format = default;
        return false;
    }

    private static bool IsPrefixOfSignature(ReadOnlySpan<byte> data)
    {
        if (data.Length < JpegMagic.Length && JpegMagic.StartsWith(data)) return true;
        if (data.Length < PngMagic.Length && PngMagic.StartsWith(data)) return true;
        if (data.Length < 12)
        {
            int riff = Math.Min(data.Length, 4);
            bool riffOk = Riff.StartsWith(data[..riff]);
            bool webpOk = data.Length <= 8 || WebP.StartsWith(data[8..]);
            if (riffOk && webpOk) return true;
        }
        return false;
    }

    private static string Describe(ReadOnlySpan<byte> data) => Convert.ToHexString(data[..Math.Min(8, data.Length)]);
}
