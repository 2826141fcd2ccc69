using Circumplex.Acquisition;
using Circumplex.Training.Augmentation;
using OpenCvSharp;

namespace Circumplex.Training.Data;

/// <summary>
/// Turns a dataset image into the network's input through the same <see cref="FaceFraming"/> that analysis uses:
/// decode (grey images become 3 channels), frame the face (the dataset's face box, or the whole image when the image
/// is already a face crop), optionally jittered in scale, position and angle, resize, BGR → RGB, scale to [0, 1],
/// CHW layout. Normalisation comes later, after augmentation, so the augmenter works on plain [0, 1] colours.
/// </summary>
public static class TrainingImageLoader
{
    /// <param name="scale">Scales the framing square about its centre (e.g. 0.9 and 1.1 to measure how much ±10% of
    /// framing moves a model's readings); 1 frames as training does.</param>
    public static float[] Load(byte[] encoded, FaceBox? box, int size, FramingJitter? jitter = null, Random? rng = null, double scale = 1)
    {
        if (!(scale > 0 && scale <= 4)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "the framing scale must lie in (0, 4]");
        using var decoded = Cv2.ImDecode(encoded, ImreadModes.Color);
        if (decoded.Empty()) throw new InvalidDataException("image could not be decoded");
        var square = box is FaceBox b
            ? FramingSquare.AroundFace(new Acquisition.FaceBox(b.X, b.Y, b.Width, b.Height), margin: 0)
            : FramingSquare.WholeImage(decoded.Width, decoded.Height);
        if (scale != 1) square = square.Jittered(scale, 0, 0);
        double angle = 0;
        if (jitter is { } j && rng is not null) (square, angle) = j.Apply(square, rng);
        Mat framed;
        try { framed = FaceFraming.Frame(decoded, square, size, angle); }
        catch (ArgumentException e) { throw new InvalidDataException(e.Message, e); }
        using (framed) return ToChw01(framed, size);
    }

    private static float[] ToChw01(Mat resized, int size)
    {
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
