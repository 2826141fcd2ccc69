using Circumplex.Acquisition;
using Circumplex.Affect;
using Circumplex.Emotion;
using Circumplex.Models;
using Circumplex.Web;

namespace Circumplex.Cli.Analysis;

/// <summary>
/// The whole photo → affect path of SPEC §1: decode, find faces (Haar), crop with a margin, resize and normalise as the
/// model's metadata says, and run the model once, loaded once and reused. Inference is serialised (one forward at a
/// time uses both cores through libtorch's own threads); the web app bounds how many callers wait.
/// </summary>
public sealed class PhotoAffectAnalyzer : IPhotoAnalyzer, IDisposable
{
    private readonly AffectPredictor _predictor;
    private readonly FaceDetector _detector, _quickDetector;
    private readonly FaceAcquisition _acquisition, _largestFaceAcquisition;
    private readonly Lock _gate = new();

    public string ModelName { get; }
    public EmotionTree EmotionTree { get; }
    public ModelMetadata Metadata => _predictor.Metadata;

    public PhotoAffectAnalyzer(string modelPath, PhotoDecoderOptions? decoderOptions = null, FaceDetectorOptions? detectorOptions = null)
    {
        _predictor = AffectPredictor.Load(modelPath);
        var meta = _predictor.Metadata;
        EmotionTree = meta.EmotionTree() ?? throw new InvalidDataException(
            $"{modelPath} carries no emotion tree; train it with labelled (valence, arousal, expression) data");
        ModelName = $"{meta.Architecture} {(meta.Design == Design.OneByTwo ? "1×2" : "2×1")}, {meta.InputSize} px";
        var full = detectorOptions ?? FaceDetectorOptions.Default;
        _detector = new FaceDetector(full);
        // Only the largest face counts by default: a quick pass at 320 px finds a webcam face several times faster.
        _quickDetector = new FaceDetector(full with { QuickDetectionSide = full.QuickDetectionSide > 0 ? full.QuickDetectionSide : 320 });
        var preprocess = new FacePreprocessor(new FacePreprocessingOptions(meta.InputSize, FaceNormalization.FromRgb(meta.NormalizationMean, meta.NormalizationStd)));
        var decoder = new PhotoDecoder(decoderOptions);
        _acquisition = new FaceAcquisition(decoder, _detector, preprocess);
        _largestFaceAcquisition = new FaceAcquisition(decoder, _quickDetector, preprocess);
    }

    /// <summary>Faces and (valence, arousal) per analysed face; with <see cref="MultiFaceMode.Average"/> one averaged estimate.</summary>
    public (FaceAcquisitionResult Faces, IReadOnlyList<AffectPoint> Estimates) AnalyzeFaces(ReadOnlySpan<byte> photo, MultiFaceMode mode)
    {
        var acquired = (mode == MultiFaceMode.Largest ? _largestFaceAcquisition : _acquisition).Acquire(photo, mode);
        int size = acquired.Crops[0].Size, length = 3 * size * size;
        var batch = new float[acquired.Crops.Count * length];
        for (int i = 0; i < acquired.Crops.Count; i++) acquired.Crops[i].Pixels.CopyTo(batch, i * length);
        AffectPoint[] points;
        lock (_gate) points = _predictor.PredictBatch(batch, acquired.Crops.Count);
        if (mode == MultiFaceMode.Average)
            points = [new AffectPoint(points.Average(p => p.Valence), points.Average(p => p.Arousal))];
        return (acquired, points);
    }

    public PhotoAnalysis Analyze(byte[] photo, CancellationToken cancellationToken)
    {
        try
        {
            var (faces, estimates) = AnalyzeFaces(photo, MultiFaceMode.Largest);
            var boxes = faces.Faces.Select(f => new Web.FaceBox(f.X, f.Y, f.Width, f.Height)).ToArray();
            string extension = faces.Format switch
            {
                PhotoFormat.Jpeg => ".jpg",
                PhotoFormat.Png => ".png",
                PhotoFormat.WebP => ".webp",
                PhotoFormat.Bmp => ".bmp",
                _ => throw new InvalidOperationException($"no file extension for photo format {faces.Format}"),
            };
            return new PhotoAnalysis(faces.ImageWidth, faces.ImageHeight, boxes, estimates[0].Valence, estimates[0].Arousal, extension);
        }
        catch (PhotoRejectedException e)
        {
            throw new PhotoAnalysisException(e.Reason switch
            {
                PhotoRejectionReason.NoFace => PhotoProblem.NoFace,
                PhotoRejectionReason.TooLarge => PhotoProblem.TooLarge,
                PhotoRejectionReason.TooManyPixels => PhotoProblem.TooManyPixels,
                _ => PhotoProblem.NotAnImage,
            }, e.Message, e);
        }
    }

    public void Dispose()
    {
        _predictor.Dispose();
        _detector.Dispose();
        _quickDetector.Dispose();
    }
}
