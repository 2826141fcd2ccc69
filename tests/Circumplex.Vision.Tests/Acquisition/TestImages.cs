using System.Buffers.Binary;
using System.Text;
using Circumplex.Acquisition;
using OpenCvSharp;
using Xunit;

namespace Circumplex.Vision.Tests.Acquisition;

/// <summary>Synthetic images and hand-made headers for the decoder tests.</summary>
internal static class TestImages
{
    /// <summary>A BGR image of one colour.</summary>
    public static Mat Solid(int width, int height, byte b, byte g, byte r) =>
        new(height, width, MatType.CV_8UC3, new Scalar(b, g, r));

    /// <summary>A small BGR image with some structure (a gradient and a square), so codecs have something to encode.</summary>
    public static Mat Pattern(int width = 40, int height = 30)
    {
        var mat = new Mat(height, width, MatType.CV_8UC3);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                mat.Set(y, x, new Vec3b((byte)(x * 6), (byte)(y * 8), (byte)((x + y) * 3)));
        Cv2.Rectangle(mat, new Rect(width / 4, height / 4, width / 2, height / 2), new Scalar(255, 255, 255), -1);
        return mat;
    }

    public static byte[] Encode(Mat image, string extension, params ImageEncodingParam[] parameters)
    {
        Cv2.ImEncode(extension, image, out byte[] bytes, parameters);
        Assert.NotEmpty(bytes);
        return bytes;
    }

    public static byte[] Png(int width = 40, int height = 30)
    {
        using Mat image = Pattern(width, height);
        return Encode(image, ".png");
    }

    public static byte[] Jpeg(int width = 40, int height = 30)
    {
        using Mat image = Pattern(width, height);
        return Encode(image, ".jpg");
    }

    /// <summary>Lossy (VP8) at quality ≤ 100, lossless (VP8L) above.</summary>
    public static byte[] WebP(int quality, int width = 40, int height = 30)
    {
        using Mat image = Pattern(width, height);
        return Encode(image, ".webp", new ImageEncodingParam(ImwriteFlags.WebPQuality, quality));
    }

    public static byte[] Bmp(int width = 40, int height = 30)
    {
        using Mat image = Pattern(width, height);
        return Encode(image, ".bmp");
    }

    /// <summary>A PNG signature and IHDR chunk (valid CRC) announcing any size, followed by nothing.</summary>
    public static byte[] PngHeader(uint width, uint height)
    {
        var bytes = new List<byte> { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A };
        byte[] ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // colour type RGB
        bytes.AddRange(Chunk("IHDR", ihdr));
        return [.. bytes];
    }

    /// <summary>A PNG with a valid IHDR and IEND but an IDAT of garbage (not a zlib stream).</summary>
    public static byte[] PngWithGarbageData(uint width, uint height)
    {
        var bytes = new List<byte>(PngHeader(width, height));
        bytes.AddRange(Chunk("IDAT", Encoding.ASCII.GetBytes("this is not a zlib stream at all, just text")));
        bytes.AddRange(Chunk("IEND", []));
        return [.. bytes];
    }

    /// <summary>A WebP RIFF container whose VP8X chunk announces any canvas size.</summary>
    public static byte[] WebPExtendedHeader(int width, int height)
    {
        byte[] bytes = new byte[30];
        "RIFF"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), 22);
        "WEBPVP8X"u8.CopyTo(bytes.AsSpan(8));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), 10);
        WriteU24(bytes, 24, width - 1);
        WriteU24(bytes, 27, height - 1);
        return bytes;
    }

    /// <summary>A BMP file and info header announcing any size, with no pixels.</summary>
    public static byte[] BmpHeader(int width, int height)
    {
        byte[] bytes = new byte[54];
        "BM"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(2), 54);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(10), 54);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(22), height);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(26), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(28), 24);
        return bytes;
    }

    /// <summary>A copy of a real JPEG whose frame header (SOF) is rewritten to announce another size.</summary>
    public static byte[] JpegWithFrameSize(byte[] jpeg, ushort width, ushort height)
    {
        byte[] copy = (byte[])jpeg.Clone();
        for (int i = 2; i + 9 < copy.Length; i++)
        {
            if (copy[i] == 0xFF && copy[i + 1] is 0xC0 or 0xC1 or 0xC2)
            {
                BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(i + 5), height);
                BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(i + 7), width);
                return copy;
            }
        }
        throw new InvalidOperationException("no SOF marker in the test JPEG");
    }

    public static PhotoRejectionReason ReasonOf(Action action) => Assert.Throws<PhotoRejectedException>(action).Reason;

    private static void WriteU24(byte[] bytes, int offset, int value)
    {
        bytes[offset] = (byte)value;
        bytes[offset + 1] = (byte)(value >> 8);
        bytes[offset + 2] = (byte)(value >> 16);
    }

    private static byte[] Chunk(string type, byte[] data)
    {
        byte[] chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
