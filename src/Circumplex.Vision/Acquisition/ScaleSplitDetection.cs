using OpenCvSharp;

namespace Circumplex.Acquisition;

/// <summary>
/// <c>detectMultiScale</c> on two threads: the scale range is cut in two (by window size), each half runs on its own
/// classifier, and the raw hits are grouped as OpenCV groups them (<c>groupRectangles</c>, eps 0.2). OpenCV runs
/// the scales of a small image on one thread (a face-sized region took 5.8 ms with 1 or 2 OpenCV threads); every
/// scale is scanned independently, so the union of the halves' raw hits is exactly one call's, and so is the result.
/// </summary>
internal static class ScaleSplitDetection
{
    /// <summary>OpenCV's own grouping distance in <c>detectMultiScale</c>.</summary>
    private const double GroupEps = 0.2;

    public static Rect[] Detect(HaarCascadePool pool, Mat grey, double scaleFactor, int minNeighbors, int minSide, int window)
    {
        int split = SplitSide(grey.Width, grey.Height, scaleFactor, minSide, window);
        if (split <= minSide)
            return pool.Use(c => c.DetectMultiScale(grey, scaleFactor, minNeighbors, HaarDetectionTypes.ScaleImage, new Size(minSide, minSide)));

        Rect[] small = [], large = [];
        Parallel.Invoke(
            () => small = pool.Use(c => c.DetectMultiScale(
                grey, scaleFactor, 0, HaarDetectionTypes.ScaleImage, new Size(minSide, minSide), new Size(split, split))),
            () => large = pool.Use(c => c.DetectMultiScale(
                grey, scaleFactor, 0, HaarDetectionTypes.ScaleImage, new Size(split + 1, split + 1))));
        // Ungrouped hits come back clipped to the image, but one call groups them before clipping: undo the clip first.
        var bounds = new Rect(0, 0, grey.Width, grey.Height);
        var hits = new List<Rect>(small.Length + large.Length);
        hits.AddRange(small.Select(Unclipped));
        hits.AddRange(large.Select(Unclipped));
        Cv2.GroupRectangles(hits, minNeighbors, GroupEps);
        return [.. hits.Select(r => r & bounds)];
    }

    /// <summary>Windows are square and clipping only trims the right or bottom edge, so the longer side is the window's.</summary>
    private static Rect Unclipped(Rect r)
    {
        int side = Math.Max(r.Width, r.Height);
        return new Rect(r.X, r.Y, side, side);
    }

    /// <summary>
    /// What one scale costs besides its window positions (building its image), in positions: on a face-sized region
    /// the halves ran fastest together when cut at 51–52 px of 42–95, which this puts the cut at; window positions
    /// alone put it at 48 px and left the larger half 20% slower.
    /// </summary>
    private const double ScaleOverhead = 150;

    /// <summary>
    /// The largest window side of the first half: where the estimated work (window positions, OpenCV's steps: every
    /// second pixel below scale 2, plus <see cref="ScaleOverhead"/>) reaches half. Windows below
    /// <paramref name="minSide"/> are not scanned at all.
    /// </summary>
    internal static int SplitSide(int width, int height, double scaleFactor, int minSide, int window)
    {
        var scales = new List<(int Side, double Cost)>();
        for (double factor = 1; ; factor *= scaleFactor)
        {
            int side = (int)Math.Round(window * factor);
            int w = (int)Math.Round(width / factor), h = (int)Math.Round(height / factor);
            if (w < window || h < window) break;
            if (side < minSide) continue;
            int step = factor > 2 ? 1 : 2;
            scales.Add((side, (double)((w - window) / step + 1) * ((h - window) / step + 1) + ScaleOverhead));
        }
        double half = scales.Sum(s => s.Cost) / 2, done = 0;
        foreach ((int side, double cost) in scales)
        {
            done += cost;
            if (done >= half) return side;
        }
        return minSide;
    }
}
