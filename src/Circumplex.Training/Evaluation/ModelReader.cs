using Circumplex.Acquisition;
using Circumplex.Affect;
using Circumplex.Models;
using Circumplex.Training.Augmentation;
using Circumplex.Training.Data;
using Circumplex.Training.Trainer;
using TorchSharp;
using static TorchSharp.torch;

namespace Circumplex.Training.Evaluation;

/// <summary>
/// Runs a model over every labelled image of a set, in inference mode, in one of two ways: the image as the dataset
/// gives it (framed whole, as in training), or through analysis's own path — decode, detect the largest face, frame it
/// with the model's margin — so that what a user's photo goes through is what is measured. The model's test-time flip
/// and head blur apply either way.
/// </summary>
public static class ModelReader
{
    /// <param name="framingScale">Whole images only: the framing square scaled by this (1 = as in training).</param>
    /// <param name="greyscale">Whole images only: read each face grey (its luma in all three channels), to measure how
    /// a model fares on grey faces (FER2013, a webcam in dim light) with faces that are not a test set.</param>
    public static IReadOnlyList<SampleReading> Read(AffectNetwork network, ModelMetadata meta, TrainingSet set, bool detect,
        int batchSize = 64, IProgress<(int Done, int Total)>? progress = null, double framingScale = 1, bool greyscale = false)
    {
        if (detect && framingScale != 1) throw new ArgumentException("a framing scale applies to whole images, not to detected faces (their framing is the model's)");
        if (detect && greyscale) throw new ArgumentException("a grey reading applies to whole images, not to detected faces");
        var indices = Enumerable.Range(0, set.Count).Where(i => set[i].Sample.HasAffect || set[i].Sample.Expression is not null).ToArray();
        if (indices.Length == 0) throw new InvalidOperationException($"{set.Describe()} has no labelled samples");
        int size = meta.InputSize, length = 3 * size * size;
        var readings = new SampleReading[indices.Length];
        using var acquisition = detect ? DetectionPath(meta) : null;
        bool wasTraining = network.training;
        network.eval();
        try
        {
            using var _ = torch.inference_mode();
            for (int start = 0; start < indices.Length; start += batchSize)
            {
                int n = Math.Min(batchSize, indices.Length - start);
                var pixels = new float[n * length];
                var found = new bool[n];
                Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = 2 }, j =>
                {
                    var (dataset, sample) = set[indices[start + j]];
                    float[]? chw = acquisition is null ? Whole(dataset, sample, meta, framingScale, greyscale) : acquisition.Detected(dataset.Images.Read(sample.ImageKey));
                    if (chw is null) return;
                    chw.CopyTo(pixels, j * length);
                    found[j] = true;
                });
                using var scope = NewDisposeScope();
                var output = ModelForward.Run(network, torch.tensor(pixels, [n, 3, size, size]), meta).to(CPU).to_type(ScalarType.Float32).data<float>().ToArray();
                int columns = output.Length / n;
                for (int j = 0; j < n; j++)
                {
                    var sample = set[indices[start + j]].Sample;
                    readings[start + j] = new SampleReading(sample.ImageKey, sample.Valence, sample.Arousal, sample.Expression,
                        found[j] ? new AffectPoint(output[j * columns], output[j * columns + 1]) : null,
                        found[j] ? output.AsSpan(j * columns + 2, columns - 2).ToArray() : []);
                }
                progress?.Report((start + n, indices.Length));
            }
        }
        finally
        {
            if (wasTraining) network.train();
        }
        return readings;
    }

    /// <summary>The training framing without augmentation.</summary>
    private static float[] Whole(FaceDataset dataset, FaceSample sample, ModelMetadata meta, double scale, bool greyscale)
    {
        float[] chw;
        try { chw = TrainingImageLoader.Load(dataset.Images.Read(sample.ImageKey), sample.Box, meta.InputSize, scale: scale); }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
        {
            throw new InvalidDataException($"{dataset.Name}: {sample.ImageKey}: {e.Message}", e);
        }
        if (greyscale) ImageAugmenter.Greyscale(chw, meta.InputSize);
        TrainingImageLoader.Normalise(chw, meta.InputSize, meta.NormalizationMean, meta.NormalizationStd);
        return chw;
    }

    private static DetectingPath DetectionPath(ModelMetadata meta) => new(meta);

    /// <summary>Analysis's acquisition (decoder, Haar detector with its quick pass, the model's framing); Haar cascades are not thread-safe,
    /// so each thread gets its own.</summary>
    private sealed class DetectingPath(ModelMetadata meta) : IDisposable
    {
        private readonly ThreadLocal<(FaceDetector Detector, FaceAcquisition Acquisition)> perThread = new(() =>
        {
            var detector = new FaceDetector(FaceDetectorOptions.Default with { QuickDetectionSide = FaceDetectorOptions.AnalysisQuickDetectionSide });
            var preprocessor = new FacePreprocessor(new FacePreprocessingOptions(meta.InputSize,
                FaceNormalization.FromRgb(meta.NormalizationMean, meta.NormalizationStd), meta.FramingMargin, meta.FramingOffsetY));
            return (detector, new FaceAcquisition(new PhotoDecoder(), detector, preprocessor));
        }, trackAllValues: true);

        /// <summary>The largest face's input, or null when no face is found.</summary>
        public float[]? Detected(byte[] photo)
        {
            try { return perThread.Value.Acquisition.Acquire(photo, MultiFaceMode.Largest).Crops[0].Pixels; }
            catch (PhotoRejectedException e) when (e.Reason == PhotoRejectionReason.NoFace) { return null; }
        }

        public void Dispose()
        {
            foreach (var (detector, _) in perThread.Values) detector.Dispose();
            perThread.Dispose();
        }
    }
}
