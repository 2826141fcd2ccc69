using OpenCvSharp;

namespace Circumplex.Acquisition;

/// <summary>A square part of a photo, possibly reaching past its edges: centre and side in pixels.</summary>
public readonly record struct FramingSquare(double CenterX, double CenterY, double Side)
{
    /// <summary>The square a face box is shown in: its longer side grown by <paramref name="margin"/> on every side,
    /// centred on the box, moved down by <paramref name="offsetY"/> box heights.</summary>
    public static FramingSquare AroundFace(FaceBox face, double margin, double offsetY = 0) => new(
        face.X + face.Width / 2.0,
        face.Y + face.Height / 2.0 + offsetY * face.Height,
        Math.Max(face.Width, face.Height) * (1 + 2 * margin));

    /// <summary>The largest square centred on a whole image (a dataset image that is already a face crop).</summary>
    public static FramingSquare WholeImage(int width, int height) => new(width / 2.0, height / 2.0, Math.Min(width, height));

    /// <summary>The same square scaled about its centre and shifted by fractions of its side.</summary>
    public FramingSquare Jittered(double scale, double shiftX, double shiftY) =>
        new(CenterX + shiftX * Side, CenterY + shiftY * Side, Side * scale);

    /// <summary>The part of the square inside a width × height image, as a box (what was actually seen).</summary>
    public FaceBox ClampedTo(int width, int height)
    {
        var box = new FaceBox((int)Math.Round(CenterX - Side / 2), (int)Math.Round(CenterY - Side / 2), (int)Math.Round(Side), (int)Math.Round(Side));
        return box.Intersect(new FaceBox(0, 0, width, height));
    }
}

/// <summary>
/// The one way a face becomes the network's input square, shared by training, evaluation, analysis and the web
/// app: cut the square out of the full-resolution photo (edges replicated where it reaches past the photo, so the
/// face is never stretched), shrink with area averaging (or enlarge bilinearly) to the model's size, and optionally
/// rotate about the centre (training's framing augmentation).
/// </summary>
public static class FaceFraming
{
    public static Mat Frame(Mat bgr, FramingSquare square, int size, double angleDegrees = 0)
    {
        ArgumentNullException.ThrowIfNull(bgr);
        if (bgr.Empty()) throw new ArgumentException("cannot frame a face in an empty image", nameof(bgr));
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), size, "the input size must be positive");
        if (!(square.Side >= 1) || !double.IsFinite(square.CenterX) || !double.IsFinite(square.CenterY))
            throw new ArgumentException($"the framing square {square} is degenerate", nameof(square));
        int side = (int)Math.Round(square.Side);
        int x0 = (int)Math.Round(square.CenterX - side / 2.0), y0 = (int)Math.Round(square.CenterY - side / 2.0);
        var inside = new Rect(x0, y0, side, side).Intersect(new Rect(0, 0, bgr.Width, bgr.Height));
        if (inside.Width <= 0 || inside.Height <= 0)
            throw new ArgumentException($"the framing square {square} lies outside the {bgr.Width} × {bgr.Height} image", nameof(square));

        using var roi = new Mat(bgr, inside);
        using var padded = new Mat();
        bool needsPadding = inside.Width != side || inside.Height != side;
        if (needsPadding)
            Cv2.CopyMakeBorder(roi, padded, inside.Y - y0, y0 + side - inside.Bottom, inside.X - x0, x0 + side - inside.Right, BorderTypes.Replicate);
        var source = needsPadding ? padded : roi;

        var resized = new Mat();
        Cv2.Resize(source, resized, new Size(size, size), 0, 0, side > size ? InterpolationFlags.Area : InterpolationFlags.Linear);
        if (angleDegrees == 0) return resized;
        using (resized)
        {
            using var rotation = Cv2.GetRotationMatrix2D(new Point2f((size - 1) / 2f, (size - 1) / 2f), angleDegrees, 1);
            var rotated = new Mat();
            Cv2.WarpAffine(resized, rotated, rotation, new Size(size, size), InterpolationFlags.Linear, BorderTypes.Replicate);
            return rotated;
        }
    }
}
