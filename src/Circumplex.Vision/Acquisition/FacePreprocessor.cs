using System.Runtime.InteropServices;
using OpenCvSharp;

namespace Circumplex.Acquisition;

/// <summary>
/// Frames a face from the full-resolution BGR photo with <see cref="FaceFraming"/> (the square around the box plus
/// the model's margin — the framing its training images had), converts BGR → RGB, scales to [0, 1], normalises with
/// the model's mean/std and lays it out as CHW floats. Thread-safe.
/// </summary>
public sealed class FacePreprocessor
{
    public FacePreprocessor(FacePreprocessingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    public FacePreprocessingOptions Options { get; }

    /// <summary>The square the face is shown in: the box's longer side plus the margin on every side, centred on it
    /// (moved down by the model's vertical offset); it may reach past the photo's edges.</summary>
    public FramingSquare Square(FaceBox face) => FramingSquare.AroundFace(face, Options.Margin, Options.OffsetY);

    /// <summary>The part of the framing square that lies inside the image.</summary>
    public FaceBox CropRegion(FaceBox face, int imageWidth, int imageHeight)
    {
        FaceBox region = Square(face).ClampedTo(imageWidth, imageHeight);
        if (region.Width <= 0 || region.Height <= 0)
            throw new ArgumentException($"The face box {face} lies outside the {imageWidth} × {imageHeight} image.", nameof(face));
        return region;
    }

    /// <summary>Preprocesses one face of a CV_8UC3 BGR image.</summary>
    public FaceCrop Preprocess(Mat bgr, FaceBox face)
    {
        ArgumentNullException.ThrowIfNull(bgr);
        if (bgr.Empty() || bgr.Type() != MatType.CV_8UC3)
            throw new ArgumentException($"Expected a non-empty 8-bit BGR image (CV_8UC3), got {bgr.Type()}.", nameof(bgr));
        FaceBox region = CropRegion(face, bgr.Width, bgr.Height);
        using var framed = FaceFraming.Frame(bgr, Square(face), Options.InputSize);
        return new FaceCrop(face, region, Options.InputSize, ToNormalisedChw(framed));
    }

    /// <summary>Preprocesses several faces of the same image, in the given order.</summary>
    public IReadOnlyList<FaceCrop> PreprocessAll(Mat bgr, IEnumerable<FaceBox> faces)
    {
        ArgumentNullException.ThrowIfNull(faces);
        return faces.Select(face => Preprocess(bgr, face)).ToList();
    }

    private float[] ToNormalisedChw(Mat resized)
    {
        int size = Options.InputSize;
        int plane = size * size;
        byte[] bgr = new byte[plane * 3];
        if (resized.IsContinuous())
        {
            Marshal.Copy(resized.Data, bgr, 0, bgr.Length);
        }
        else
        {
            for (int row = 0; row < size; row++)
                Marshal.Copy(resized.Ptr(row), bgr, row * size * 3, size * 3);
        }

        FaceNormalization n = Options.Normalization;
        // value/255 − mean) / std  ==  value · scale + offset
        ReadOnlySpan<float> scale = [1f / (255f * n.StdR), 1f / (255f * n.StdG), 1f / (255f * n.StdB)];
        ReadOnlySpan<float> offset = [-n.MeanR / n.StdR, -n.MeanG / n.StdG, -n.MeanB / n.StdB];

        float[] chw = new float[plane * 3];
        for (int i = 0; i < plane; i++)
        {
            int p = i * 3; // B, G, R in memory
            chw[i] = bgr[p + 2] * scale[0] + offset[0];             // R
            chw[plane + i] = bgr[p + 1] * scale[1] + offset[1];     // G
            chw[2 * plane + i] = bgr[p] * scale[2] + offset[2];     // B
        }
        return chw;
    }
}
