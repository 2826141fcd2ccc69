using Circumplex.Acquisition;
using Circumplex.Training.Augmentation;
using Circumplex.Training.Data;
using OpenCvSharp;
using Xunit;

namespace Circumplex.Training.Tests.Augmentation;

public class FramingJitterTests
{
    [Fact]
    public void Jitter_stays_within_its_bounds_and_repeats_with_the_same_seed()
    {
        var square = new FramingSquare(100, 100, 200);
        var jitter = FramingJitter.Default;
        for (int seed = 0; seed < 500; seed++)
        {
            var (a, angleA) = jitter.Apply(square, new Random(seed));
            var (b, angleB) = jitter.Apply(square, new Random(seed));
            Assert.Equal(a, b);
            Assert.Equal(angleA, angleB);
            Assert.InRange(a.Side, 200 / 1.1 - 1e-9, 200 * 1.1 + 1e-9);
            Assert.InRange(Math.Abs(a.CenterX - 100), 0, 0.05 * 200 + 1e-9); // shifts are fractions of the original side
            Assert.InRange(Math.Abs(a.CenterY - 100), 0, 0.05 * 200 + 1e-9);
            Assert.InRange(Math.Abs(angleA), 0, 10);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => new FramingJitter(1.5, 0, 0).Validate());
    }

    [Fact]
    public void Training_images_go_through_the_same_framing_as_analysis()
    {
        // A 64×64 "face crop": the loader frames the whole image exactly as FaceFraming does for that square.
        using var image = new Mat(64, 64, MatType.CV_8UC3, new Scalar(10, 20, 30));
        image[new Rect(0, 0, 32, 64)].SetTo(new Scalar(200, 100, 50));
        Cv2.ImEncode(".png", image, out byte[] png);

        float[] loaded = TrainingImageLoader.Load(png, null, 16);
        using var framed = FaceFraming.Frame(image, FramingSquare.WholeImage(64, 64), 16);
        var pixel = framed.At<Vec3b>(5, 3); // BGR
        Assert.Equal(pixel.Item2 / 255f, loaded[5 * 16 + 3], 5); // R plane
        Assert.Equal(pixel.Item0 / 255f, loaded[2 * 256 + 5 * 16 + 3], 5); // B plane

        // Jittered framing changes the pixels, deterministically for a given random stream.
        float[] a = TrainingImageLoader.Load(png, null, 16, FramingJitter.Default, new Random(7));
        float[] b = TrainingImageLoader.Load(png, null, 16, FramingJitter.Default, new Random(7));
        Assert.Equal(a, b);
        Assert.NotEqual(loaded, a);
    }

    [Fact]
    public void A_framing_scale_widens_or_tightens_the_square_about_its_centre()
    {
        // Left half one colour, right half another, and a red block in the top-left corner: scaled about the centre,
        // the halves meet at the centre column in every framing, while the block shrinks (1.5, edges replicated
        // beyond the image) or leaves the view (0.5).
        using var image = new Mat(64, 64, MatType.CV_8UC3, new Scalar(10, 20, 30));
        image[new Rect(0, 0, 32, 64)].SetTo(new Scalar(200, 100, 50));
        image[new Rect(0, 0, 16, 16)].SetTo(new Scalar(0, 0, 250));
        Cv2.ImEncode(".png", image, out byte[] png);

        float[] whole = TrainingImageLoader.Load(png, null, 16);
        float[] wide = TrainingImageLoader.Load(png, null, 16, scale: 1.5);
        float[] tight = TrainingImageLoader.Load(png, null, 16, scale: 0.5);
        Assert.Equal(whole, TrainingImageLoader.Load(png, null, 16, scale: 1));
        Assert.NotEqual(whole, wide);
        Assert.NotEqual(whole, tight);
        // R plane, row 8: the boundary between the halves stays at the centre column in every framing.
        Assert.Equal(50 / 255f, wide[8 * 16 + 0], 2);
        Assert.Equal(30 / 255f, wide[8 * 16 + 15], 2);
        Assert.Equal(50 / 255f, tight[8 * 16 + 6], 2);
        Assert.Equal(30 / 255f, tight[8 * 16 + 9], 2);
        // The block: the whole image shows it at input (1, 1); the tight framing starts at image pixel 16, past it.
        Assert.Equal(250 / 255f, whole[1 * 16 + 1], 2);
        Assert.Equal(50 / 255f, tight[1 * 16 + 1], 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainingImageLoader.Load(png, null, 16, scale: 0));
    }
}
