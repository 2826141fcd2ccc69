using Circumplex.Acquisition;
using OpenCvSharp;
using Xunit;

namespace Circumplex.Vision.Tests.Acquisition;

public sealed class ScaleSplitDetectionTests
{
    private const int Window = 20;

    [Fact]
    public void Finds_exactly_what_one_detectMultiScale_call_finds_across_the_real_photos()
    {
        using var pool = new HaarCascadePool(FaceDetectorOptions.DefaultVerifierCascadePath);
        using var finder = new HaarCascadePool(FaceDetectorOptions.DefaultCascadePath);
        int regions = 0, regionsWithFaces = 0;
        foreach (ManifestPhoto photo in PhotoSet.Manifest)
        {
            using Mat grey = EqualisedGrey(PhotoSet.PathOf(photo.File));
            // The regions the detector verifies (each candidate of the default cascade and a margin), plus a grid.
            Rect[] candidates = finder.Use(c => c.DetectMultiScale(grey, 1.1, 3, HaarDetectionTypes.ScaleImage, new Size(24, 24)));
            foreach ((Rect region, int minSide) in candidates.Select(c => AroundCandidate(c, grey)).Concat(Grid(grey)))
            {
                using var roi = new Mat(grey, region);
                Rect[] one = pool.Use(c => c.DetectMultiScale(roi, 1.05, 2, HaarDetectionTypes.ScaleImage, new Size(minSide, minSide)));
                Rect[] split = ScaleSplitDetection.Detect(pool, roi, 1.05, 2, minSide, Window);
                Assert.Equal(Sorted(one), Sorted(split));
                regions++;
                if (one.Length > 0) regionsWithFaces++;
            }
        }
        Assert.True(regionsWithFaces >= 50, $"only {regionsWithFaces} of {regions} regions held a face: the comparison says little");
    }

    [Theory]
    [InlineData(93, 42)]
    [InlineData(300, 24)]
    public void The_split_lies_inside_the_scanned_window_sizes(int side, int minSide)
    {
        int split = ScaleSplitDetection.SplitSide(side, side, 1.05, minSide, Window);
        Assert.InRange(split, minSide, side);
    }

    [Fact]
    public void An_image_smaller_than_the_window_is_not_split()
        => Assert.Equal(20, ScaleSplitDetection.SplitSide(19, 19, 1.05, 20, Window));

    private static (Rect Region, int MinSide) AroundCandidate(Rect c, Mat grey)
    {
        int margin = c.Width / 4;
        var region = new Rect(c.X - margin, c.Y - margin, c.Width + 2 * margin, c.Height + 2 * margin) & new Rect(0, 0, grey.Width, grey.Height);
        return (region, Math.Min(Math.Max(Window, c.Width * 2 / 3), Math.Min(region.Width, region.Height)));
    }

    private static IEnumerable<(Rect Region, int MinSide)> Grid(Mat grey)
    {
        int width = grey.Width, height = grey.Height;
        foreach (int side in new[] { 60, 93, 150 })
            for (int y = 0; y + side <= height; y += Math.Max(side, height / 3))
                for (int x = 0; x + side <= width; x += Math.Max(side, width / 3))
                    yield return (new Rect(x, y, side, side), side * 4 / 9);
    }

    /// <summary>Grey and equalised at most 640 px long, as the detector sees a photo.</summary>
    private static Mat EqualisedGrey(string path)
    {
        using Mat full = Cv2.ImRead(path);
        double scale = Math.Min(1.0, 640.0 / Math.Max(full.Width, full.Height));
        using Mat bgr = full.Resize(new Size(0, 0), scale, scale, InterpolationFlags.Area);
        var grey = new Mat();
        Cv2.CvtColor(bgr, grey, ColorConversionCodes.BGR2GRAY);
        Cv2.EqualizeHist(grey, grey);
        return grey;
    }

    private static string[] Sorted(Rect[] rects) => [.. rects.Select(r => $"{r.X},{r.Y},{r.Width},{r.Height}").Order()];
}
