using Circumplex.Acquisition;
using Circumplex.Training.Data;
using OpenCvSharp;

namespace Circumplex.Training.Evaluation;

/// <summary>How a detector's boxes sit inside a dataset's face crops, and the margin that reproduces the crops.</summary>
/// <param name="Detected">Images in which the detector found a face.</param>
/// <param name="Examined">Images looked at.</param>
/// <param name="BoxToCrop">Median detected-box side / training crop side: the face's share of the training input.</param>
/// <param name="Margin">The margin (per side, fraction of the box) that makes box + margin as wide as the crop.</param>
/// <param name="OffsetY">Crop centre below the box centre, in box heights (median).</param>
public sealed record FramingCalibrationResult(int Detected, int Examined, double BoxToCrop, double Margin, double OffsetY)
{
    /// <summary>The face's share of the input when analysis frames a detected box with this margin.</summary>
    public double BoxToCropWhenAnalysed => 1 / (1 + 2 * Margin);
}

/// <summary>
/// Runs analysis's face detector over training images that are whole face crops (the AffectNet subset, FER2013) and
/// measures where its box falls, so that analysis can frame a detected face the way training saw faces. Without this a
/// model trained on whole crops (face ≈ 0.8 of the width) is fed looser or tighter framings at use.
/// </summary>
public static class FramingCalibration
{
    public static FramingCalibrationResult Measure(FaceDataset dataset, int maxImages = 600, FaceDetectorOptions? options = null)
    {
        using var detector = new FaceDetector(options ?? FaceDetectorOptions.Default);
        var ratios = new List<double>();
        var offsets = new List<double>();
        int examined = 0;
        // Every k-th image, so that a few hundred detections stand for the whole set.
        int step = Math.Max(1, dataset.Samples.Count / maxImages);
        for (int i = 0; i < dataset.Samples.Count && examined < maxImages; i += step)
        {
            var sample = dataset.Samples[i];
            if (sample.Box is not null) continue; // a face box given by the dataset is already the framing
            examined++;
            using var image = Cv2.ImDecode(dataset.Images.Read(sample.ImageKey), ImreadModes.Color);
            if (image.Empty()) continue;
            var faces = detector.Detect(image);
            if (faces.Count == 0) continue;
            var face = faces.MaxBy(f => f.Area);
            var crop = FramingSquare.WholeImage(image.Width, image.Height);
            double side = Math.Max(face.Width, face.Height);
            ratios.Add(side / crop.Side);
            offsets.Add((crop.CenterY - (face.Y + face.Height / 2.0)) / face.Height);
        }
        if (ratios.Count == 0)
            throw new InvalidOperationException($"the face detector found no face in the {examined} whole-crop images of {dataset.Name} it examined, so there is nothing to calibrate the framing with");
        double boxToCrop = Median(ratios);
        return new FramingCalibrationResult(ratios.Count, examined, boxToCrop, Math.Max(0, (1 / boxToCrop - 1) / 2), Median(offsets));
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        int n = values.Count;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
