namespace Circumplex.Acquisition;

/// <summary>An axis-aligned box in the pixel coordinates of the full-resolution photo (X, Y = top-left corner).</summary>
public readonly record struct FaceBox(int X, int Y, int Width, int Height)
{
    public int Right => X + Width;

    public int Bottom => Y + Height;

    public long Area => (long)Width * Height;

    /// <summary>True when the box lies entirely inside an image of the given size.</summary>
    public bool IsInside(int imageWidth, int imageHeight) =>
        X >= 0 && Y >= 0 && Width > 0 && Height > 0 && Right <= imageWidth && Bottom <= imageHeight;

    /// <summary>The overlap of two boxes (zero-sized when they do not meet).</summary>
    public FaceBox Intersect(FaceBox other)
    {
        int x = Math.Max(X, other.X), y = Math.Max(Y, other.Y);
        int right = Math.Min(Right, other.Right), bottom = Math.Min(Bottom, other.Bottom);
        return right <= x || bottom <= y ? new FaceBox(x, y, 0, 0) : new FaceBox(x, y, right - x, bottom - y);
    }

    /// <summary>Intersection over union, in [0, 1].</summary>
    public double IntersectionOverUnion(FaceBox other)
    {
        long intersection = Intersect(other).Area;
        long union = Area + other.Area - intersection;
        return union <= 0 ? 0 : (double)intersection / union;
    }

    internal OpenCvSharp.Rect ToRect() => new(X, Y, Width, Height);
}
