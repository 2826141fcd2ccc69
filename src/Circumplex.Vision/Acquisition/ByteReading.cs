using System.Buffers.Binary;

namespace Circumplex.Acquisition;

/// <summary>Bounds-aware little helpers for reading header fields; a read past the end means the file is truncated.</summary>
internal static class ByteReading
{
    public static void Require(ReadOnlySpan<byte> data, int length, string format)
    {
        if (data.Length < length)
            throw new PhotoRejectedException(PhotoRejectionReason.Truncated,
                $"The {format} file ends inside its header ({data.Length} bytes); it is truncated.");
    }

    public static ushort U16BE(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);

    public static uint U32BE(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadUInt32BigEndian(data[offset..]);

    public static ushort U16LE(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadUInt16LittleEndian(data[offset..]);

    public static uint U32LE(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(data[offset..]);

    public static int I32LE(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadInt32LittleEndian(data[offset..]);

    public static int U24LE(ReadOnlySpan<byte> data, int offset) => data[offset] | (data[offset + 1] << 8) | (data[offset + 2] << 16);

    public static PhotoRejectedException Corrupt(string message) => new(PhotoRejectionReason.Corrupt, message);
}
