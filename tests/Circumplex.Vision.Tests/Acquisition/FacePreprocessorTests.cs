using Circumplex.Acquisition;
using OpenCvSharp;
using Xunit;

namespace Circumplex.Vision.Tests.Acquisition;

public sealed class FacePreprocessorTests
{
    private const float Tolerance = 1e-5f;

    [Fact]
    public void Output_is_RGB_in_CHW_order_scaled_to_unit_range()
    {
        using Mat image = TestImages.Solid(50, 40, b: 10, g: 20, r: 30);
        var preprocessor = new FacePreprocessor(new FacePreprocessingOptions(8, FaceNormalization.Identity, Margin: 0));

        FaceCrop crop = preprocessor.Preprocess(image, new FaceBox(10, 10, 20, 20));

        Assert.Equal(8, crop.Size);
        Assert.Equal(3 * 8 * 8, crop.Pixels.Length);
        AssertPlane(crop, 0, 30 / 255f); // R first
        AssertPlane(crop, 1, 20 / 255f);
        AssertPlane(crop, 2, 10 / 255f); // B last
    }

    [Fact]
    public void Normalises_each_channel_with_the_callers_mean_and_std()
    {
        using Mat image = TestImages.Solid(32, 32, b: 0, g: 128, r: 255);
        var normalization = FaceNormalization.FromRgb([0.5f, 0.25f, 0.125f], [0.5f, 0.25f, 2f]);
        var preprocessor = new FacePreprocessor(new FacePreprocessingOptions(4, normalization, Margin: 0.2));

        FaceCrop crop = preprocessor.Preprocess(image, new FaceBox(8, 8, 16, 16));

        AssertPlane(crop, 0, (1f - 0.5f) / 0.5f);
        AssertPlane(crop, 1, (128 / 255f - 0.25f) / 0.25f);
        AssertPlane(crop, 2, (0f - 0.125f) / 2f);
    }

    [Fact]
    public void ImageNet_statistics_are_applied_per_RGB_channel()
    {
        using Mat image = TestImages.Solid(16, 16, b: 255, g: 255, r: 255);
        var preprocessor = new FacePreprocessor(new FacePreprocessingOptions(2, FaceNormalization.ImageNet, Margin: 0));

        FaceCrop crop = preprocessor.Preprocess(image, new FaceBox(0, 0, 16, 16));

        AssertPlane(crop, 0, (1f - 0.485f) / 0.229f);
        AssertPlane(crop, 1, (1f - 0.456f) / 0.224f);
        AssertPlane(crop, 2, (1f - 0.406f) / 0.225f);
    }

    [Fact]
    public void Layout_is_channel_then_row_then_column()
    {
        // Top-left quadrant red, top-right blue, bottom half green (colours given in OpenCV's BGR order).
        using var image = new Mat(40, 40, MatType.CV_8UC3, new Scalar(0, 255, 0));
        image[new Rect(0, 0, 20, 20)].SetTo(new Scalar(0, 0, 255));
        image[new Rect(20, 0, 20, 20)].SetTo(new Scalar(255, 0, 0));
        var preprocessor = new FacePreprocessor(new FacePreprocessingOptions(4, FaceNormalization.Identity, Margin: 0));

        FaceCrop crop = preprocessor.Preprocess(image, new FaceBox(0, 0, 40, 40));

        float[,,] expected = new float[3, 4, 4];
        for (int row = 0; row < 4; row++)
            for (int col = 0; col < 4; col++)
            {
                bool top = row < 2, left = col < 2;
                expected[0, row, col] = top && left ? 1 : 0;   // R
                expected[1, row, col] = top ? 0 : 1;           // G
                expected[2, row, col] = top && !left ? 1 : 0;  // B
            }
        for (int c = 0; c < 3; c++)
            for (int row = 0; row < 4; row++)
                for (int col = 0; col < 4; col++)
                    Assert.Equal(expected[c, row, col], crop.Pixels[c * 16 + row * 4 + col], Tolerance);
    }

    [Fact]
    public void Margin_grows_the_longer_side_into_a_square_on_the_box_centre()
    {
        var preprocessor = new FacePreprocessor(new FacePreprocessingOptions(8, FaceNormalization.Identity, Margin: 0.2));

        Assert.Equal(new FaceBox(80, 25, 140, 140), preprocessor.CropRegion(new FaceBox(100, 70, 100, 50), 400, 300));
    }

    [Fact]
    public void Vertical_offset_moves_the_square_by_a_fraction_of_the_box_height()
    {
        var preprocessor = new FacePreprocessor(new FacePreprocessingOptions(8, FaceNormalization.Identity, Margin: 0, OffsetY: 0.1));

        Assert.Equal(new FaceBox(100, 110, 100, 100), preprocessor.CropRegion(new FaceBox(100, 100, 100, 100), 400, 300));
    }

    [Fact]
    public void A_square_past_the_edge_replicates_the_border_instead_of_stretching_the_face()
    {
        // Left half black, right half white; a face box at the left edge with a big margin reaches past the photo.
        using var image = new Mat(40, 40, MatType.CV_8UC3, new Scalar(0, 0, 0));
        image[new Rect(20, 0, 20, 40)].SetTo(new Scalar(255, 255, 255));
        var preprocessor = new FacePreprocessor(new FacePreprocessingOptions(4, FaceNormalization.Identity, Margin: 0.5));

        FaceCrop crop = preprocessor.Preprocess(image, new FaceBox(0, 10, 20, 20));

        // The square spans x −10..30: columns 0–2 of 4 cover black (replicated edge included), column 3 white.
        Assert.Equal(0f, crop.Pixels[0], Tolerance);
        Assert.Equal(1f, crop.Pixels[3], Tolerance);
        Assert.Equal(new FaceBox(0, 0, 30, 40), crop.Region);
    }

    [Fact]
    public void Margin_is_clamped_to_the_image()
    {
        var preprocessor = new FacePreprocessor(new FacePreprocessingOptions(8, FaceNormalization.Identity, Margin: 0.5));

        Assert.Equal(new FaceBox(0, 0, 70, 65), preprocessor.CropRegion(new FaceBox(10, 5, 40, 40), 400, 300));
        Assert.Equal(new FaceBox(340, 245, 60, 55), preprocessor.CropRegion(new FaceBox(360, 270, 40, 30), 400, 300));
    }

    [Fact]
    public void Crop_reports_the_face_and_the_region_used()
    {
        using Mat image = TestImages.Solid(100, 100, 1, 2, 3);
        var preprocessor = new FacePreprocessor(new FacePreprocessingOptions(16, FaceNormalization.Identity, Margin: 0.25));
        var face = new FaceBox(40, 40, 20, 20);

        FaceCrop crop = preprocessor.Preprocess(image, face);

        Assert.Equal(face, crop.Face);
        Assert.Equal(new FaceBox(35, 35, 30, 30), crop.Region);
    }

    [Fact]
    public void Upscales_small_faces_and_downscales_large_ones()
    {
        using Mat image = TestImages.Pattern(300, 200);
        var preprocessor = new FacePreprocessor(new FacePreprocessingOptions(64, FaceNormalization.Identity));

        Assert.Equal(3 * 64 * 64, preprocessor.Preprocess(image, new FaceBox(10, 10, 12, 12)).Pixels.Length);
        Assert.Equal(3 * 64 * 64, preprocessor.Preprocess(image, new FaceBox(50, 20, 160, 160)).Pixels.Length);
    }

    [Fact]
    public void PreprocessAll_keeps_the_given_order()
    {
        using Mat image = TestImages.Pattern(300, 200);
        var preprocessor = new FacePreprocessor(new FacePreprocessingOptions(8, FaceNormalization.Identity));
        FaceBox[] faces = [new(100, 50, 80, 80), new(10, 10, 30, 30)];

        IReadOnlyList<FaceCrop> crops = preprocessor.PreprocessAll(image, faces);

        Assert.Equal(faces, crops.Select(c => c.Face));
    }

    [Fact]
    public void A_box_outside_the_image_is_an_argument_error()
    {
        using Mat image = TestImages.Solid(50, 50, 0, 0, 0);
        var preprocessor = new FacePreprocessor(new FacePreprocessingOptions(8, FaceNormalization.Identity, Margin: 0));

        Assert.Throws<ArgumentException>(() => preprocessor.Preprocess(image, new FaceBox(60, 60, 10, 10)));
    }

    [Fact]
    public void Invalid_options_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FacePreprocessor(new FacePreprocessingOptions(0, FaceNormalization.Identity)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FacePreprocessor(new FacePreprocessingOptions(8, FaceNormalization.Identity, Margin: -0.1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FacePreprocessor(new FacePreprocessingOptions(8, new FaceNormalization(0, 0, 0, 1, 0, 1))));
        Assert.Throws<ArgumentException>(() => FaceNormalization.FromRgb([0.5f, 0.5f], [1f, 1f, 1f]));
    }

    private static void AssertPlane(FaceCrop crop, int channel, float expected)
    {
        int plane = crop.Size * crop.Size;
        for (int i = 0; i < plane; i++)
            Assert.Equal(expected, crop.Pixels[channel * plane + i], Tolerance);
    }
}
