using Circumplex.Acquisition;
using Circumplex.Tests;
using OpenCvSharp;
using Xunit;

namespace Circumplex.Vision.Tests.Acquisition;

public sealed class PhotoDecoderTests
{
    private readonly PhotoDecoder _decoder = new();

    [Theory]
    [MemberData(nameof(ImageHeaderReaderTests.Encodings), MemberType = typeof(ImageHeaderReaderTests))]
    public void Decodes_every_supported_format_to_8_bit_BGR(string encoding, PhotoFormat format)
    {
        byte[] bytes = ImageHeaderReaderTests.Encoded(encoding, 37, 23);

        using DecodedPhoto photo = _decoder.Decode(bytes);

        Assert.Equal(format, photo.Format);
        Assert.Equal(37, photo.Width);
        Assert.Equal(23, photo.Height);
        Assert.Equal(MatType.CV_8UC3, photo.Image.Type());
    }

    [Fact]
    public void Keeps_BGR_colours_of_a_lossless_image()
    {
        using Mat image = TestImages.Solid(8, 6, b: 200, g: 100, r: 50);
        using DecodedPhoto photo = _decoder.Decode(TestImages.Encode(image, ".png"));

        Assert.Equal(new Vec3b(200, 100, 50), photo.Image.Get<Vec3b>(3, 4));
    }

    [Fact]
    public void Converts_RGBA_to_BGR()
    {
        using var rgba = new Mat(6, 8, MatType.CV_8UC4, new Scalar(200, 100, 50, 255)); // OpenCV order: B, G, R, A
        byte[] png = TestImages.Encode(rgba, ".png");

        using DecodedPhoto photo = _decoder.Decode(png);

        Assert.Equal(MatType.CV_8UC3, photo.Image.Type());
        Assert.Equal(new Vec3b(200, 100, 50), photo.Image.Get<Vec3b>(2, 2));
    }

    [Fact]
    public void Converts_grayscale_to_BGR()
    {
        using var grey = new Mat(6, 8, MatType.CV_8UC1, new Scalar(77));
        byte[] png = TestImages.Encode(grey, ".png");

        using DecodedPhoto photo = _decoder.Decode(png);

        Assert.Equal(MatType.CV_8UC3, photo.Image.Type());
        Assert.Equal(new Vec3b(77, 77, 77), photo.Image.Get<Vec3b>(5, 7));
    }

    [Theory]
    [InlineData("face_recognition/lin-manuel-miranda.png", 704, 612)] // RGBA
    [InlineData("skimage/camera.png", 512, 512)]                     // grayscale
    [InlineData("face_recognition/obama-480p.jpg", 853, 480)]
    public void Decodes_real_photos_of_any_mode_to_BGR(string file, int width, int height)
    {
        string path = SharedData.Require("photos/" + file);

        using DecodedPhoto photo = _decoder.Decode(path);

        Assert.Equal((width, height), (photo.Width, photo.Height));
        Assert.Equal(MatType.CV_8UC3, photo.Image.Type());
    }

    [Fact]
    public void Empty_input_is_rejected_as_empty()
    {
        var e = Assert.Throws<PhotoRejectedException>(() => _decoder.Decode(ReadOnlySpan<byte>.Empty));
        Assert.Equal(PhotoRejectionReason.Empty, e.Reason);
        Assert.Contains("empty", e.Message);
    }

    [Fact]
    public void Empty_file_is_rejected_as_empty()
    {
        using var file = new TempFile();
        File.WriteAllBytes(file.Path, []);
        Assert.Equal(PhotoRejectionReason.Empty, TestImages.ReasonOf(() => _decoder.Decode(file.Path)));
    }

    [Fact]
    public void Input_over_the_default_10_MB_limit_is_too_large()
    {
        byte[] bytes = new byte[10 * 1024 * 1024 + 1];
        TestImages.Png().CopyTo(bytes, 0);

        var e = Assert.Throws<PhotoRejectedException>(() => _decoder.Decode(bytes));

        Assert.Equal(PhotoRejectionReason.TooLarge, e.Reason);
        Assert.Contains("10 MB", e.Message);
    }

    [Fact]
    public void The_byte_limit_is_configurable()
    {
        byte[] png = TestImages.Png();
        var strict = new PhotoDecoder(new PhotoDecoderOptions(MaxBytes: png.Length - 1));
        var exact = new PhotoDecoder(new PhotoDecoderOptions(MaxBytes: png.Length));

        Assert.Equal(PhotoRejectionReason.TooLarge, TestImages.ReasonOf(() => strict.Decode(png)));
        using DecodedPhoto photo = exact.Decode(png);
        Assert.Equal(40, photo.Width);
    }

    [Fact]
    public void A_file_over_the_limit_is_refused_before_it_is_read()
    {
        using var file = new TempFile();
        using (var stream = File.Create(file.Path))
            stream.SetLength(PhotoDecoderOptions.DefaultMaxBytes * 100); // sparse 1 GB: reading it would be noticed

        Assert.Equal(PhotoRejectionReason.TooLarge, TestImages.ReasonOf(() => _decoder.Decode(file.Path)));
    }

    [Fact]
    public async Task Reading_an_upload_stops_at_the_limit()
    {
        var decoder = new PhotoDecoder(new PhotoDecoderOptions(MaxBytes: 1000));
        using var big = new NonSeekableStream(new byte[5000]);
        using var small = new NonSeekableStream(TestImages.Png());

        var e = await Assert.ThrowsAsync<PhotoRejectedException>(() => decoder.ReadBytesAsync(big, TestContext.Current.CancellationToken));
        byte[] read = await decoder.ReadBytesAsync(small, TestContext.Current.CancellationToken);

        Assert.Equal(PhotoRejectionReason.TooLarge, e.Reason);
        Assert.Equal(TestImages.Png(), read);
    }

    [Fact]
    public void Random_bytes_are_an_unsupported_format()
    {
        byte[] bytes = new byte[4096];
        new Random(42).NextBytes(bytes);
        bytes[0] = 0x00; // no accidental magic number

        var e = Assert.Throws<PhotoRejectedException>(() => _decoder.Decode(bytes));

        Assert.Equal(PhotoRejectionReason.UnsupportedFormat, e.Reason);
        Assert.Contains("JPEG, PNG, WebP or BMP", e.Message);
    }

    [Fact]
    public void Text_and_other_image_formats_are_unsupported()
    {
        Assert.Equal(PhotoRejectionReason.UnsupportedFormat, TestImages.ReasonOf(() => _decoder.Decode("<html>hello</html>"u8)));
        Assert.Equal(PhotoRejectionReason.UnsupportedFormat, TestImages.ReasonOf(() => _decoder.Decode("GIF89a\x01\0\x01\0\0\0\0"u8)));
    }

    [Theory]
    [InlineData("jpeg")]
    [InlineData("png")]
    [InlineData("webp-lossy")]
    [InlineData("webp-lossless")]
    [InlineData("bmp")]
    public void A_file_cut_in_half_is_truncated(string encoding)
    {
        byte[] bytes = ImageHeaderReaderTests.Encoded(encoding, 64, 48);
        byte[] half = bytes[..(bytes.Length / 2)];

        var e = Assert.Throws<PhotoRejectedException>(() => _decoder.Decode(half));

        Assert.Equal(PhotoRejectionReason.Truncated, e.Reason);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void A_png_cut_just_before_its_end_chunk_is_truncated()
    {
        byte[] png = TestImages.Png();
        Assert.Equal(PhotoRejectionReason.Truncated, TestImages.ReasonOf(() => _decoder.Decode(png.AsSpan(0, png.Length - 1))));
        Assert.Equal(PhotoRejectionReason.Truncated, TestImages.ReasonOf(() => _decoder.Decode(png.AsSpan(0, png.Length - 12))));
    }

    [Fact]
    public void A_real_jpeg_cut_short_is_truncated()
    {
        byte[] bytes = File.ReadAllBytes(SharedData.Require("photos/face_recognition/obama-480p.jpg"));
        Assert.Equal(PhotoRejectionReason.Truncated, TestImages.ReasonOf(() => _decoder.Decode(bytes.AsSpan(0, bytes.Length - 100))));
    }

    [Fact]
    public void A_png_header_claiming_100000_by_100000_pixels_is_refused_before_decoding()
    {
        var e = Assert.Throws<PhotoRejectedException>(() => _decoder.Decode(TestImages.PngHeader(100_000, 100_000)));

        Assert.Equal(PhotoRejectionReason.TooManyPixels, e.Reason);
        Assert.Contains("100000 × 100000", e.Message);
    }

    [Fact]
    public void Decompression_bombs_in_every_format_are_refused()
    {
        Assert.Equal(PhotoRejectionReason.TooManyPixels,
            TestImages.ReasonOf(() => _decoder.Decode(TestImages.JpegWithFrameSize(TestImages.Jpeg(), 65_000, 65_000))));
        Assert.Equal(PhotoRejectionReason.TooManyPixels, TestImages.ReasonOf(() => _decoder.Decode(TestImages.WebPExtendedHeader(16_000, 16_000))));
        Assert.Equal(PhotoRejectionReason.TooManyPixels, TestImages.ReasonOf(() => _decoder.Decode(TestImages.BmpHeader(100_000, 100_000))));
    }

    [Fact]
    public void The_pixel_limit_is_configurable()
    {
        byte[] png = TestImages.Png(100, 100);
        var strict = new PhotoDecoder(new PhotoDecoderOptions(MaxPixels: 9_999));
        var exact = new PhotoDecoder(new PhotoDecoderOptions(MaxPixels: 10_000));

        Assert.Equal(PhotoRejectionReason.TooManyPixels, TestImages.ReasonOf(() => strict.Decode(png)));
        using DecodedPhoto photo = exact.Decode(png);
        Assert.Equal(100, photo.Height);
    }

    [Fact]
    public void A_png_with_garbage_pixel_data_is_corrupt()
    {
        var e = Assert.Throws<PhotoRejectedException>(() => _decoder.Decode(TestImages.PngWithGarbageData(16, 16)));
        Assert.Equal(PhotoRejectionReason.Corrupt, e.Reason);
    }

    [Fact]
    public void A_png_whose_first_chunk_is_not_IHDR_is_corrupt()
    {
        byte[] png = TestImages.Png();
        png[12] = (byte)'X';
        Assert.Equal(PhotoRejectionReason.Corrupt, TestImages.ReasonOf(() => _decoder.Decode(png)));
    }

    [Fact]
    public void Fuzzed_images_give_a_rejection_or_an_image_never_another_exception()
    {
        var random = new Random(7);
        byte[][] originals = [TestImages.Png(), TestImages.Jpeg(), TestImages.WebP(80), TestImages.WebP(101), TestImages.Bmp()];
        for (int round = 0; round < 200; round++)
        {
            byte[] bytes = (byte[])originals[round % originals.Length].Clone();
            for (int flips = 0; flips < 4; flips++)
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            try
            {
                using DecodedPhoto photo = _decoder.Decode(bytes);
                Assert.Equal(MatType.CV_8UC3, photo.Image.Type());
            }
            catch (PhotoRejectedException)
            {
                // expected for many of them
            }
        }
    }

    [Fact]
    public void Options_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PhotoDecoder(new PhotoDecoderOptions(MaxBytes: 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PhotoDecoder(new PhotoDecoderOptions(MaxPixels: -1)));
    }

    private sealed class TempFile : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"circumplex-vision-{Guid.NewGuid():N}.bin");

        public void Dispose() => File.Delete(Path);
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
