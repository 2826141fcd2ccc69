using Circumplex.Acquisition;
using Xunit;

namespace Circumplex.Vision.Tests.Acquisition;

public sealed class ImageHeaderReaderTests
{
    public static TheoryData<string, PhotoFormat> Encodings => new()
    {
        { "jpeg", PhotoFormat.Jpeg },
        { "png", PhotoFormat.Png },
        { "webp-lossy", PhotoFormat.WebP },
        { "webp-lossless", PhotoFormat.WebP },
        { "bmp", PhotoFormat.Bmp },
    };

    internal static byte[] Encoded(string encoding, int width, int height) => encoding switch
    {
        "jpeg" => TestImages.Jpeg(width, height),
        "png" => TestImages.Png(width, height),
        "webp-lossy" => TestImages.WebP(80, width, height),
        "webp-lossless" => TestImages.WebP(101, width, height),
        "bmp" => TestImages.Bmp(width, height),
        _ => throw new ArgumentOutOfRangeException(nameof(encoding)),
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Reads_format_and_size_of_images_encoded_by_OpenCV(string encoding, PhotoFormat format)
    {
        byte[] bytes = Encoded(encoding, 37, 23);

        ImageHeader header = ImageHeaderReader.Read(bytes);

        Assert.Equal(new ImageHeader(format, 37, 23), header);
        Assert.True(ImageHeaderReader.IsComplete(bytes, header));
    }

    [Fact]
    public void WebP_encodings_under_test_really_are_lossy_and_lossless()
    {
        Assert.Equal("VP8 ", System.Text.Encoding.ASCII.GetString(TestImages.WebP(80), 12, 4));
        Assert.Equal("VP8L", System.Text.Encoding.ASCII.GetString(TestImages.WebP(101), 12, 4));
    }

    [Fact]
    public void Reads_announced_sizes_without_pixel_data()
    {
        Assert.Equal(new ImageHeader(PhotoFormat.Png, 100_000, 100_000), ImageHeaderReader.Read(TestImages.PngHeader(100_000, 100_000)));
        Assert.Equal(new ImageHeader(PhotoFormat.WebP, 16_000, 12_000), ImageHeaderReader.Read(TestImages.WebPExtendedHeader(16_000, 12_000)));
        Assert.Equal(new ImageHeader(PhotoFormat.Bmp, 50_000, 40_000), ImageHeaderReader.Read(TestImages.BmpHeader(50_000, -40_000)));
        Assert.Equal(new ImageHeader(PhotoFormat.Jpeg, 65_000, 60_000),
            ImageHeaderReader.Read(TestImages.JpegWithFrameSize(TestImages.Jpeg(), 65_000, 60_000)));
    }

    [Fact]
    public void Jpeg_frame_header_is_found_after_an_Exif_segment_holding_a_thumbnail()
    {
        byte[] main = TestImages.Jpeg(64, 48);
        byte[] thumbnail = TestImages.Jpeg(8, 6);
        // SOI, APP1 carrying a whole JPEG (with its own SOF and EOI), then the main image's segments.
        var bytes = new List<byte> { 0xFF, 0xD8, 0xFF, 0xE1 };
        int length = 2 + 6 + thumbnail.Length;
        bytes.Add((byte)(length >> 8));
        bytes.Add((byte)length);
        bytes.AddRange("Exif\0\0"u8.ToArray());
        bytes.AddRange(thumbnail);
        bytes.AddRange(main.Skip(2));
        byte[] data = [.. bytes];

        ImageHeader header = ImageHeaderReader.Read(data);

        Assert.Equal(new ImageHeader(PhotoFormat.Jpeg, 64, 48), header);
        Assert.True(ImageHeaderReader.IsComplete(data, header));
        Assert.False(ImageHeaderReader.IsComplete(data.AsSpan(0, data.Length - 200), header));
    }

    [Fact]
    public void Unknown_signatures_are_unsupported()
    {
        Assert.Equal(PhotoRejectionReason.UnsupportedFormat, TestImages.ReasonOf(() => ImageHeaderReader.Read("GIF89a\x01\0\x01\0"u8.ToArray())));
        Assert.Equal(PhotoRejectionReason.UnsupportedFormat, TestImages.ReasonOf(() => ImageHeaderReader.Read("%PDF-1.7 hello"u8.ToArray())));
        Assert.Equal(PhotoRejectionReason.UnsupportedFormat, TestImages.ReasonOf(() => ImageHeaderReader.Read("RIFF\0\0\0\0WAVEfmt "u8.ToArray())));
        Assert.Equal(PhotoRejectionReason.UnsupportedFormat, TestImages.ReasonOf(() => ImageHeaderReader.Read([0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0]))); // TIFF
    }

    [Fact]
    public void A_cut_signature_is_truncated()
    {
        Assert.Equal(PhotoRejectionReason.Truncated, TestImages.ReasonOf(() => ImageHeaderReader.Read([0x89, (byte)'P', (byte)'N'])));
        Assert.Equal(PhotoRejectionReason.Truncated, TestImages.ReasonOf(() => ImageHeaderReader.Read([0xFF, 0xD8])));
        Assert.Equal(PhotoRejectionReason.Truncated, TestImages.ReasonOf(() => ImageHeaderReader.Read("RIFF\x10\0\0\0WE"u8.ToArray())));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Every_cut_inside_the_header_is_truncated_never_a_crash(string encoding, PhotoFormat format)
    {
        byte[] bytes = Encoded(encoding, 37, 23);
        Assert.Equal(format, ImageHeaderReader.Read(bytes).Format);
        for (int length = 1; length < Math.Min(bytes.Length, 40); length++)
        {
            byte[] cut = bytes[..length];
            try
            {
                ImageHeader header = ImageHeaderReader.Read(cut);
                Assert.False(ImageHeaderReader.IsComplete(cut, header), $"{encoding} cut at {length} bytes looked complete");
            }
            catch (PhotoRejectedException e)
            {
                Assert.True(e.Reason is PhotoRejectionReason.Truncated or PhotoRejectionReason.UnsupportedFormat,
                    $"{encoding} cut at {length} bytes: {e.Reason} ({e.Message})");
            }
        }
    }

    [Fact]
    public void Zero_sizes_are_corrupt()
    {
        Assert.Equal(PhotoRejectionReason.Corrupt, TestImages.ReasonOf(() => ImageHeaderReader.Read(TestImages.PngHeader(0, 10))));
        Assert.Equal(PhotoRejectionReason.Corrupt, TestImages.ReasonOf(() => ImageHeaderReader.Read(TestImages.BmpHeader(10, 0))));
        Assert.Equal(PhotoRejectionReason.Corrupt,
            TestImages.ReasonOf(() => ImageHeaderReader.Read(TestImages.JpegWithFrameSize(TestImages.Jpeg(), 0, 10))));
    }

    [Fact]
    public void A_jpeg_without_a_frame_is_corrupt()
    {
        Assert.Equal(PhotoRejectionReason.Corrupt, TestImages.ReasonOf(() => ImageHeaderReader.Read([0xFF, 0xD8, 0xFF, 0xD9])));
        Assert.Equal(PhotoRejectionReason.Corrupt, TestImages.ReasonOf(() => ImageHeaderReader.Read([0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0x12])));
        Assert.Equal(PhotoRejectionReason.Corrupt, TestImages.ReasonOf(() => ImageHeaderReader.Read([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x01, 0, 0])));
    }
}
