using static Circumplex.Acquisition.ByteReading;

namespace Circumplex.Acquisition;

/// <summary>PNG layout: the size from the IHDR chunk, and whether the chunk chain reaches IEND inside the data.</summary>
internal static class PngStructure
{
    private const int SignatureLength = 8;

    public static ImageHeader ReadHeader(ReadOnlySpan<byte> data)
    {
        Require(data, SignatureLength + 16, "PNG");
        if (!data.Slice(SignatureLength + 4, 4).SequenceEqual("IHDR"u8))
            throw Corrupt("The PNG does not start with an IHDR chunk.");
        uint width = U32BE(data, SignatureLength + 8);
        uint height = U32BE(data, SignatureLength + 12);
        if (width == 0 || height == 0 || width > int.MaxValue || height > int.MaxValue)
            throw Corrupt($"The PNG header gives an invalid size of {width} × {height} pixels.");
        return new ImageHeader(PhotoFormat.Png, (int)width, (int)height);
    }

    public static bool IsComplete(ReadOnlySpan<byte> data)
    {
        long offset = SignatureLength;
        while (offset + 12 <= data.Length)
        {
            uint length = U32BE(data, (int)offset);
            if (length > int.MaxValue)
                throw Corrupt($"The PNG chunk at byte {offset} has an invalid length {length}.");
            ReadOnlySpan<byte> type = data.Slice((int)offset + 4, 4);
            long next = offset + 12 + length;
            if (next > data.Length)
                return false;
            if (type.SequenceEqual("IEND"u8))
                return true;
            offset = next;
        }
        return false;
    }
}
