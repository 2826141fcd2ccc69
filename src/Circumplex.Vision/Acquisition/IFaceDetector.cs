using OpenCvSharp;

namespace Circumplex.Acquisition;

/// <summary>Finds faces in a photo.</summary>
public interface IFaceDetector
{
    /// <summary>
    /// All faces in a BGR (or grey) image, in full-resolution pixel coordinates, largest area first; empty when there is none.
    /// </summary>
    IReadOnlyList<FaceBox> Detect(Mat image);
}
