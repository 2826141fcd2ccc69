using Circumplex.Acquisition;
using OpenCvSharp;
using Xunit;

namespace Circumplex.Vision.Tests.Acquisition;

public sealed class FaceAcquisitionTests
{
    private static FaceAcquisition Pipeline(int inputSize = 64) => new(
        new PhotoDecoder(),
        PhotoSet.Detector,
        new FacePreprocessor(new FacePreprocessingOptions(inputSize, FaceNormalization.ImageNet)));

    [Fact]
    public void A_portrait_gives_one_model_ready_crop_of_the_largest_face()
    {
        byte[] bytes = File.ReadAllBytes(PhotoSet.PathOf("face_recognition/obama-480p.jpg"));

        FaceAcquisitionResult result = Pipeline(96).Acquire(bytes);

        Assert.Equal(PhotoFormat.Jpeg, result.Format);
        Assert.Equal((853, 480), (result.ImageWidth, result.ImageHeight));
        Assert.Equal(MultiFaceMode.Largest, result.Mode);
        FaceCrop crop = Assert.Single(result.Crops);
        Assert.Equal(result.Faces[0], crop.Face);
        Assert.Equal(96, crop.Size);
        Assert.Equal(3 * 96 * 96, crop.Pixels.Length);
        Assert.All(crop.Pixels, v => Assert.InRange(v, -2.2f, 2.7f)); // ImageNet-normalised [0, 1] values
    }

    [Theory]
    [InlineData(MultiFaceMode.Each)]
    [InlineData(MultiFaceMode.Average)]
    public void Multi_face_modes_give_a_crop_per_face_largest_first(MultiFaceMode mode)
    {
        FaceAcquisitionResult result = Pipeline().AcquireFile(PhotoSet.PathOf("face_recognition/two_people.jpg"), mode);

        Assert.Equal(2, result.Faces.Count);
        Assert.Equal(result.Faces, result.Crops.Select(c => c.Face));
        Assert.True(result.Faces[0].Area >= result.Faces[1].Area);
    }

    [Fact]
    public void Multi_face_modes_stop_at_the_face_limit()
    {
        var pipeline = new FaceAcquisition(new PhotoDecoder(), PhotoSet.Detector,
            new FacePreprocessor(new FacePreprocessingOptions(16, FaceNormalization.Identity)), maxFaces: 3);

        FaceAcquisitionResult result = pipeline.AcquireFile(PhotoSet.PathOf("dlib_faces/2008_007676.jpg"), MultiFaceMode.Each);

        Assert.True(result.Faces.Count > 3);
        Assert.Equal(result.Faces.Take(3), result.Crops.Select(c => c.Face));
    }

    [Fact]
    public void A_photo_without_a_face_is_rejected_never_analysed_whole()
    {
        var e = Assert.Throws<PhotoRejectedException>(() => Pipeline().AcquireFile(PhotoSet.PathOf("skimage/coffee.png")));

        Assert.Equal(PhotoRejectionReason.NoFace, e.Reason);
        Assert.Contains("No face", e.Message);
    }

    [Fact]
    public void A_synthetic_blank_photo_is_rejected_with_no_face()
    {
        using Mat blank = TestImages.Solid(200, 150, 90, 160, 200);
        byte[] png = TestImages.Encode(blank, ".png");

        Assert.Equal(PhotoRejectionReason.NoFace, TestImages.ReasonOf(() => Pipeline().Acquire(png)));
    }

    [Fact]
    public void Decoder_rejections_pass_through_with_their_reason()
    {
        FaceAcquisition pipeline = Pipeline();

        Assert.Equal(PhotoRejectionReason.Empty, TestImages.ReasonOf(() => pipeline.Acquire([])));
        Assert.Equal(PhotoRejectionReason.UnsupportedFormat, TestImages.ReasonOf(() => pipeline.Acquire("not a photo"u8)));
        Assert.Equal(PhotoRejectionReason.TooManyPixels, TestImages.ReasonOf(() => pipeline.Acquire(TestImages.PngHeader(100_000, 100_000))));
    }

    [Fact]
    public void Uses_the_detector_it_is_given()
    {
        var fake = new FixedDetector(new FaceBox(10, 10, 20, 20));
        var pipeline = new FaceAcquisition(new PhotoDecoder(), fake,
            new FacePreprocessor(new FacePreprocessingOptions(8, FaceNormalization.Identity, Margin: 0)));
        using Mat image = TestImages.Solid(50, 40, b: 0, g: 0, r: 255);

        FaceAcquisitionResult result = pipeline.Acquire(TestImages.Encode(image, ".bmp"));

        Assert.Equal(PhotoFormat.Bmp, result.Format);
        FaceCrop crop = Assert.Single(result.Crops);
        Assert.Equal(new FaceBox(10, 10, 20, 20), crop.Region);
        Assert.All(crop.Pixels.Take(64), v => Assert.Equal(1f, v, 1e-5f)); // red plane first
        Assert.All(crop.Pixels.Skip(64), v => Assert.Equal(0f, v, 1e-5f));
    }

    private sealed class FixedDetector(params FaceBox[] faces) : IFaceDetector
    {
        public IReadOnlyList<FaceBox> Detect(Mat image) => faces;
    }
}
