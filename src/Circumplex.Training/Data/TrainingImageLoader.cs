using OpenCvSharp;

namespace Circumplex.Training.Data;

/// <summary>
/// Turns a dataset image into the network's input: decode (grey images become 3 channels), crop the face box when
/// the dataset has one, resize to the model's size, BGR → RGB, scale to [0, 1], CHW layout. Normalisation comes
/// later, after augmentation, so the augmenter works on plain [0, 1] colours.
/// </summary>
public static class TrainingImageLoader
{
    public static float[] Load(byte[] encoded, FaceBox? box, int size)
    {
        using var decoded = Cv2.ImDecode(encoded, ImreadModes.Color);
        if (decoded.Empty()) throw new InvalidDataException("image could not be decoded");
        using var cropped = box is FaceBox b ? Crop(decoded, b) : decoded.Clone();
        using var resized = new Mat();
        Cv2.Resize(cropped, resized, new Size(size, size), 0, 0,
            cropped.Width > size ? InterpolationFlags.Area : InterpolationFlags.Linear);
        var chw = new float[3 * size * size];
        int plane = size * size;
        var bgr = new byte[3 * plane];
        // A freshly resized Mat is continuous: rows follow each other without padding.
        System.Runtime.InteropServices.Marshal.Copy(resized.Data, bgr, 0, bgr.Length);
        for (int i = 0; i < plane; i++)
        {
            chw[i] = bgr[3 * i + 2] / 255f;             // R
            chw[plane + i] = bgr[3 * i + 1] / 255f;     // G
            chw[2 * plane + i] = bgr[3 * i] / 255f;     // B
        }
        return chw;
    }

    private static Mat Crop(Mat image, FaceBox b)
    {
        var rect = new Rect(b.X, b.Y, b.Width, b.Height).Intersect(new Rect(0, 0, image.Width, image.Height));
        if (rect.Width <= 0 || rect.Height <= 0) throw new InvalidDataException($"face box {b} lies outside the {image.Width}×{image.Height} image");
        return new Mat(image, rect).Clone();
    }

    /// <summary>(x − mean) / std per channel, in place.</summary>
    public static void Normalise(float[] chw, int size, float[] mean, float[] std)
    {
        int plane = size * size;
        for (int c = 0; c < 3; c++)
        {
            float m = mean[c], s = std[c];
            var span = chw.AsSpan(c * plane, plane);
            for (int i = 0; i < span.Length; i++) span[i] = (span[i] - m) / s;
        }
    }
}
