using static Circumplex.Acquisition.ByteReading;

namespace Circumplex.Acquisition;

/// <summary>BMP layout: the size from the DIB header, and whether the uncompressed pixel rows are all present.</summary>
internal static class BmpStructure
{
    private const int FileHeader = 14;
    private const int CoreHeaderSize = 12;

    public static ImageHeader ReadHeader(ReadOnlySpan<byte> data)
    {
        Require(data, FileHeader + 4, "BMP");
        uint dibSize = U32LE(data, FileHeader);
        long width, height;
        if (dibSize == CoreHeaderSize)
        {
            Require(data, FileHeader + 8, "BMP");
            width = U16LE(data, FileHeader + 4);
            height = U16LE(data, FileHeader + 6);
        }
        else if (dibSize >= 40 && dibSize <= 1024)
        {
            Require(data, FileHeader + 12, "BMP");
            width = I32LE(data, FileHeader + 4);
            height = Math.Abs((long)I32LE(data, FileHeader + 8)); // negative height = top-down rows
        }
        else
        {
            throw Corrupt($"The BMP has an unknown DIB header size of {dibSize} bytes.");
        }
        if (width <= 0 || height <= 0 || height > int.MaxValue)
            throw Corrupt($"The BMP header gives an invalid size of {width} × {height} pixels.");
        return new ImageHeader(PhotoFormat.Bmp, (int)width, (int)height);
    }

    /// <summary>Call only after the pixel count was checked against the limit (keeps the arithmetic small).</summary>
    public static bool IsComplete(ReadOnlySpan<byte> data, ImageHeader header)
    {
        if (data.Length < FileHeader + 20)
            return false;
        uint pixelOffset = U32LE(data, 10);
        uint dibSize = U32LE(data, FileHeader);
        int bitCount;
        uint compression = 0;
        if (dibSize == CoreHeaderSize)
        {
            bitCount = U16LE(data, FileHeader + 10);
        }
        else
        {
            bitCount = U16LE(data, FileHeader + 14);
            compression = U32LE(data, FileHeader + 16);
        }
        bool uncompressed = compression is 0 or 3 or 6; // BI_RGB, BI_BITFIELDS, BI_ALPHABITFIELDS
        if (!uncompressed)
            return pixelOffset < data.Length; // RLE/embedded streams: the decoder checks the rest
        if (bitCount is not (1 or 2 or 4 or 8 or 16 or 24 or 32))
            throw Corrupt($"The BMP has an invalid bit depth of {bitCount}.");
        long stride = ((long)header.Width * bitCount + 31) / 32 * 4;
        return pixelOffset + stride * header.Height <= data.Length;
    }
}
