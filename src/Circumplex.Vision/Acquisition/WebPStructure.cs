using static Circumplex.Acquisition.ByteReading;

namespace Circumplex.Acquisition;

/// <summary>WebP layout: the size from the first chunk (VP8, VP8L or VP8X), and whether the RIFF container is all there.</summary>
internal static class WebPStructure
{
    private const int Payload = 20; // "RIFF" size "WEBP" fourcc chunk-size

    public static ImageHeader ReadHeader(ReadOnlySpan<byte> data)
    {
        Require(data, Payload, "WebP");
        ReadOnlySpan<byte> chunk = data.Slice(12, 4);
        int width, height;
        if (chunk.SequenceEqual("VP8 "u8))
        {
            Require(data, Payload + 10, "WebP");
            if (data[Payload + 3] != 0x9D || data[Payload + 4] != 0x01 || data[Payload + 5] != 0x2A)
                throw Corrupt("The WebP (lossy) frame has no VP8 start code.");
            width = U16LE(data, Payload + 6) & 0x3FFF;
            height = U16LE(data, Payload + 8) & 0x3FFF;
        }
        else if (chunk.SequenceEqual("VP8L"u8))
        {
            Require(data, Payload + 5, "WebP");
            if (data[Payload] != 0x2F)
                throw Corrupt("The WebP (lossless) frame has no VP8L signature.");
            uint bits = U32LE(data, Payload + 1);
            width = (int)(bits & 0x3FFF) + 1;
            height = (int)((bits >> 14) & 0x3FFF) + 1;
        }
        else if (chunk.SequenceEqual("VP8X"u8))
        {
            Require(data, Payload + 10, "WebP");
            width = U24LE(data, Payload + 4) + 1;
            height = U24LE(data, Payload + 7) + 1;
        }
        else
        {
            throw Corrupt($"The WebP starts with an unknown chunk '{System.Text.Encoding.ASCII.GetString(chunk)}'.");
        }
        if (width == 0 || height == 0)
            throw Corrupt($"The WebP header gives a size of {width} × {height} pixels.");
        return new ImageHeader(PhotoFormat.WebP, width, height);
    }

    public static bool IsComplete(ReadOnlySpan<byte> data)
    {
        uint riffSize = U32LE(data, 4);
        if (riffSize < 4)
            throw Corrupt($"The WebP RIFF container gives an invalid size of {riffSize} bytes.");
        return riffSize + 8L <= data.Length;
    }
}
