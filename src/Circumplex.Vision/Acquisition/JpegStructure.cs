using static Circumplex.Acquisition.ByteReading;

namespace Circumplex.Acquisition;

/// <summary>JPEG layout: the frame size from the SOF segment, and whether the end-of-image marker follows the scan data.</summary>
internal static class JpegStructure
{
    private const byte StartOfScan = 0xDA;
    private const byte EndOfImage = 0xD9;

    private static ReadOnlySpan<byte> EndOfImageMarker => [0xFF, EndOfImage];

    public static ImageHeader ReadHeader(ReadOnlySpan<byte> data)
    {
        int offset = 2;
        while (true)
        {
            (byte marker, int payload) = NextSegment(data, ref offset);
            if (IsStartOfFrame(marker))
            {
                // payload: precision (1 byte), height (2), width (2), components…
                Require(data, payload + 5, "JPEG");
                int height = U16BE(data, payload + 1);
                int width = U16BE(data, payload + 3);
                if (width == 0 || height == 0)
                    throw Corrupt($"The JPEG frame header gives a size of {width} × {height} pixels.");
                return new ImageHeader(PhotoFormat.Jpeg, width, height);
            }
            if (marker == StartOfScan)
                throw Corrupt("The JPEG has image data before its frame header (no SOF marker).");
        }
    }

    /// <summary>True when an end-of-image marker (FFD9) follows the first scan of the main image.</summary>
    public static bool IsComplete(ReadOnlySpan<byte> data)
    {
        int offset = 2;
        try
        {
            while (true)
            {
                (byte marker, int payload) = NextSegment(data, ref offset);
                if (marker == StartOfScan)
                    // Entropy-coded data escapes every 0xFF as FF00, so FF D9 there can only be the real EOI marker.
                    return data[payload..].IndexOf(EndOfImageMarker) >= 0;
            }
        }
        catch (PhotoRejectedException e) when (e.Reason == PhotoRejectionReason.Truncated)
        {
            return false;
        }
    }

    /// <summary>Moves past the next marker segment; returns its marker and the offset of its payload (after the length).</summary>
    private static (byte Marker, int Payload) NextSegment(ReadOnlySpan<byte> data, ref int offset)
    {
        while (true)
        {
            Require(data, offset + 1, "JPEG");
            if (data[offset] != 0xFF)
                throw Corrupt($"The JPEG has no segment marker at byte {offset}.");
            while (offset < data.Length && data[offset] == 0xFF) offset++; // fill bytes
            Require(data, offset + 1, "JPEG");
            byte marker = data[offset++];
            if (marker == EndOfImage)
                throw Corrupt("The JPEG ends (EOI marker) before any image data.");
            if (marker == 0x01 || marker is >= 0xD0 and <= 0xD8)
                continue; // standalone markers carry no length
            Require(data, offset + 2, "JPEG");
            int length = U16BE(data, offset);
            if (length < 2)
                throw Corrupt($"The JPEG segment at byte {offset} has an invalid length {length}.");
            int payload = offset + 2;
            offset += length;
            return (marker, payload);
        }
    }

    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    private static bool IsStartOfFrame(byte marker) => marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;
}
