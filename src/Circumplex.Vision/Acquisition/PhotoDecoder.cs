using OpenCvSharp;

namespace Circumplex.Acquisition;

/// <summary>
/// Turns untrusted bytes into a BGR image, or into a <see cref="PhotoRejectedException"/> that says exactly why not:
/// size limit, format by magic bytes, pixel limit read from the header before decoding, truncation, then the decoder.
/// Thread-safe.
/// </summary>
public sealed class PhotoDecoder
{
    public PhotoDecoder(PhotoDecoderOptions? options = null)
    {
        Options = options ?? PhotoDecoderOptions.Default;
        Options.Validate();
    }

    public PhotoDecoderOptions Options { get; }

    /// <summary>Decodes a photo held in memory.</summary>
    public DecodedPhoto Decode(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
            throw new PhotoRejectedException(PhotoRejectionReason.Empty, "The photo is empty (0 bytes).");
        CheckByteCount(data.Length, exact: true);
        ImageHeader header = Inspect(data);
        Mat image = DecodePixels(data, header);
        return new DecodedPhoto(image, header.Format);
    }

    /// <summary>Decodes a photo file; the size limit is checked before the file is read.</summary>
    public DecodedPhoto Decode(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
            throw new FileNotFoundException($"Photo file not found: {path}", path);
        if (file.Length == 0)
            throw new PhotoRejectedException(PhotoRejectionReason.Empty, $"The photo file {file.Name} is empty (0 bytes).");
        CheckByteCount(file.Length, exact: true);
        return Decode(File.ReadAllBytes(path));
    }

    /// <summary>
    /// Reads a stream (e.g. an upload) into memory, refusing it as soon as it passes <see cref="PhotoDecoderOptions.MaxBytes"/>,
    /// so an oversized upload never fills memory.
    /// </summary>
    public async Task<byte[]> ReadBytesAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.CanSeek)
            CheckByteCount(stream.Length - stream.Position, exact: true);
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            CheckByteCount(buffer.Length + read, exact: false);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// Everything short of decoding: format, size from the header, pixel limit, completeness. Returns the header or throws
    /// <see cref="PhotoRejectedException"/>.
    /// </summary>
    public ImageHeader Inspect(ReadOnlySpan<byte> data)
    {
        ImageHeader header = ImageHeaderReader.Read(data);
        CheckPixelCount(header.Width, header.Height, header.Format);
        if (!ImageHeaderReader.IsComplete(data, header))
            throw new PhotoRejectedException(PhotoRejectionReason.Truncated,
                $"The {Name(header.Format)} file ({data.Length} bytes) stops before the end of the image: it is truncated.");
        return header;
    }

    private Mat DecodePixels(ReadOnlySpan<byte> data, ImageHeader header)
    {
        Mat image;
        try
        {
            // IMREAD_COLOR: always 8-bit BGR (grey is expanded, alpha dropped, 16-bit scaled), EXIF orientation applied.
            image = Cv2.ImDecode(data, ImreadModes.Color);
        }
        catch (Exception e) when (e is OpenCVException or OpenCvSharpException)
        {
            throw new PhotoRejectedException(PhotoRejectionReason.Corrupt,
                $"The {Name(header.Format)} photo could not be decoded: {e.Message}", e);
        }
        if (image.Empty())
        {
            image.Dispose();
            throw new PhotoRejectedException(PhotoRejectionReason.Corrupt,
                $"The {Name(header.Format)} photo could not be decoded: its data is corrupt.");
        }
        try
        {
            CheckPixelCount(image.Width, image.Height, header.Format);
            if (image.Type() != MatType.CV_8UC3)
                throw new PhotoRejectedException(PhotoRejectionReason.Corrupt,
                    $"The {Name(header.Format)} photo decoded to an unexpected pixel type {image.Type()}.");
            return image;
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }

    private void CheckByteCount(long bytes, bool exact)
    {
        if (bytes > Options.MaxBytes)
            throw new PhotoRejectedException(PhotoRejectionReason.TooLarge,
                $"The photo ({(exact ? "" : "at least ")}{Megabytes(bytes)}) is over the limit of {Megabytes(Options.MaxBytes)}.");
    }

    private void CheckPixelCount(long width, long height, PhotoFormat format)
    {
        if (width * height > Options.MaxPixels)
            throw new PhotoRejectedException(PhotoRejectionReason.TooManyPixels,
                $"The {Name(format)} photo claims {width} × {height} pixels ({Megapixels(width * height)}); "
                + $"the limit is {Megapixels(Options.MaxPixels)}.");
    }

    private static string Name(PhotoFormat format) => format switch
    {
        PhotoFormat.Jpeg => "JPEG",
        PhotoFormat.Png => "PNG",
        PhotoFormat.WebP => "WebP",
        PhotoFormat.Bmp => "BMP",
        _ => format.ToString(),
    };

    private static string Megabytes(long bytes) =>
        bytes >= 1024 * 1024 ? $"{bytes / (1024.0 * 1024.0):0.##} MB" : $"{bytes} bytes";

    private static string Megapixels(long pixels) => $"{pixels / 1e6:0.##} megapixels";
}
