using OpenCvSharp;

namespace Circumplex.Acquisition;

/// <summary>
/// Haar-cascade frontal face detector. Detects on a grey, histogram-equalised copy shrunk to
/// <see cref="FaceDetectorOptions.MaxDetectionSide"/>, keeps the candidates a second cascade confirms (see
/// <see cref="FaceDetectorOptions.VerifierCascadePath"/>), and maps the boxes back to the full-resolution photo.
/// Thread-safe: OpenCV's CascadeClassifier is not, so each concurrent caller borrows its own from a pool.
/// </summary>
public sealed class FaceDetector : IFaceDetector, IDisposable
{
    /// <summary>The default cascade's window: no smaller face can be found in the detection image.</summary>
    private const int CascadeWindow = 24;

    /// <summary>The alt2 cascade's window.</summary>
    private const int VerifierWindow = 20;

    private readonly HaarCascadePool _cascades;
    private readonly HaarCascadePool? _verifiers;

    /// <summary>Loads the cascades now, so a missing or broken file is reported at start-up, not at the first photo.</summary>
    public FaceDetector(FaceDetectorOptions? options = null)
    {
        Options = options ?? FaceDetectorOptions.Default;
        Options.Validate();
        _cascades = new HaarCascadePool(Options.CascadePath);
        try
        {
            _verifiers = Options.VerifierCascadePath is null ? null : new HaarCascadePool(Options.VerifierCascadePath);
        }
        catch
        {
            _cascades.Dispose();
            throw;
        }
    }

    public FaceDetectorOptions Options { get; }

    public IReadOnlyList<FaceBox> Detect(Mat image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Empty())
            throw new ArgumentException("The image is empty.", nameof(image));
        if (image.Depth() != MatType.CV_8U || image.Channels() is not (1 or 3 or 4))
            throw new ArgumentException($"Expected an 8-bit grey, BGR or BGRA image, got {image.Type()}.", nameof(image));

        // A first look at a small copy finds the big face of a webcam shot at a fraction of the cost; group photos
        // with only small faces fall through to the full pass. When every face is wanted, the full pass also runs,
        // and a face that both passes find keeps the quick pass's box: a face is then framed, and read, the same
        // whether one face or every face was asked for.
        List<FaceBox> quick = Options.QuickDetectionSide > 0
            ? DetectAt(image, Options.QuickDetectionSide, Options.QuickMinFaceFraction)
            : [];
        List<FaceBox> faces = quick;
        if (quick.Count == 0 || Options.EveryFace)
        {
            faces = DetectAt(image, Options.MaxDetectionSide, Options.MinFaceFraction);
            if (quick.Count > 0)
                faces = [.. quick, .. faces.Where(f => quick.All(q => q.IntersectionOverUnion(f) < SameFaceOverlap))];
        }
        faces.Sort(static (a, b) =>
        {
            int byArea = b.Area.CompareTo(a.Area);
            if (byArea != 0) return byArea;
            int byY = a.Y.CompareTo(b.Y);
            return byY != 0 ? byY : a.X.CompareTo(b.X);
        });
        return faces;
    }

    public void Dispose()
    {
        _cascades.Dispose();
        _verifiers?.Dispose();
    }

    /// <summary>Boxes of the two passes overlapping this much (IoU) are one face; the same face's boxes overlap far more.</summary>
    private const double SameFaceOverlap = 0.3;

    /// <summary>One detection pass on a copy at most <paramref name="maxSide"/> long, verified, in full-resolution pixels.</summary>
    private List<FaceBox> DetectAt(Mat image, int maxSide, double minFaceFraction)
    {
        double scale = Math.Min(1.0, (double)maxSide / Math.Max(image.Width, image.Height));
        using Mat grey = PrepareGrey(image, scale);
        int minSide = Math.Max(CascadeWindow, (int)Math.Round(minFaceFraction * Math.Min(grey.Width, grey.Height)));

        Rect[] candidates = _cascades.Use(cascade => cascade.DetectMultiScale(
            grey, Options.ScaleFactor, Options.MinNeighbors, HaarDetectionTypes.ScaleImage, new Size(minSide, minSide)));

        var faces = new List<FaceBox>(candidates.Length);
        foreach (Rect r in candidates)
        {
            if (_verifiers is not null && !IsConfirmed(grey, r))
                continue;
            FaceBox box = ToFullResolution(r, scale, image.Width, image.Height);
            if (box.Width > 0 && box.Height > 0)
                faces.Add(box);
        }
        return faces;
    }

    /// <summary>Runs the verifier cascade on the candidate plus a quarter of its size around it.</summary>
    private bool IsConfirmed(Mat grey, Rect candidate)
    {
        int margin = candidate.Width / 4;
        int x = Math.Max(0, candidate.X - margin), y = Math.Max(0, candidate.Y - margin);
        int right = Math.Min(grey.Width, candidate.Right + margin), bottom = Math.Min(grey.Height, candidate.Bottom + margin);
        var region = new Rect(x, y, right - x, bottom - y);
        int minSide = Math.Max(VerifierWindow, candidate.Width * 2 / 3);
        if (region.Width < minSide || region.Height < minSide)
            return false;

        using var roi = new Mat(grey, region);
        Rect[] found = ScaleSplitDetection.Detect(_verifiers!, roi, 1.05, Options.VerifierMinNeighbors, minSide, VerifierWindow);
        var box = new FaceBox(candidate.X, candidate.Y, candidate.Width, candidate.Height);
        return found.Any(f => new FaceBox(f.X + region.X, f.Y + region.Y, f.Width, f.Height).IntersectionOverUnion(box) >= 0.4);
    }

    private static Mat PrepareGrey(Mat image, double scale)
    {
        // Shrink first (one pass over the full-resolution pixels), then convert and equalise the small copy.
        Mat small = image;
        if (scale < 1.0)
        {
            small = new Mat();
            var size = new Size(Math.Max(1, (int)Math.Round(image.Width * scale)), Math.Max(1, (int)Math.Round(image.Height * scale)));
            Cv2.Resize(image, small, size, 0, 0, InterpolationFlags.Area);
        }
        var grey = new Mat();
        try
        {
            switch (small.Channels())
            {
                case 3: Cv2.CvtColor(small, grey, ColorConversionCodes.BGR2GRAY); break;
                case 4: Cv2.CvtColor(small, grey, ColorConversionCodes.BGRA2GRAY); break;
                default: small.CopyTo(grey); break;
            }
            Cv2.EqualizeHist(grey, grey);
            return grey;
        }
        catch
        {
            grey.Dispose();
            throw;
        }
        finally
        {
            if (!ReferenceEquals(small, image)) small.Dispose();
        }
    }

    private static FaceBox ToFullResolution(Rect r, double scale, int width, int height)
    {
        int x = Math.Clamp((int)Math.Round(r.X / scale), 0, width);
        int y = Math.Clamp((int)Math.Round(r.Y / scale), 0, height);
        int right = Math.Clamp((int)Math.Round((r.X + r.Width) / scale), 0, width);
        int bottom = Math.Clamp((int)Math.Round((r.Y + r.Height) / scale), 0, height);
        return new FaceBox(x, y, right - x, bottom - y);
    }
}
