using Circumplex.Acquisition;
using Circumplex.Affect;
using Circumplex.Emotion;
using Circumplex.Models;
using Circumplex.Web;

namespace Circumplex.Analysis;

/// <summary>
/// The whole photo → affect path of SPEC §1: decode, find faces (Haar), frame each with the model's margin (the framing
/// of its training faces), resize and normalise as the model's metadata says, run the model, and name the emotion the
/// model's way (tree, or head with the point moved into its region). The model is loaded once and reused. Inference is serialised (one forward at a
/// time uses both cores through libtorch's own threads); the web app bounds how many callers wait.
/// </summary>
public sealed class PhotoAffectAnalyzer : IPhotoAnalyzer, IDisposable
{
    private readonly AffectPredictor _predictor;
    private readonly FaceDetector _detector, _quickDetector;
    private readonly FaceAcquisition _acquisition, _largestFaceAcquisition;
    private readonly Lock _gate = new();
    private int _inFlight;
    private readonly Timer _trim;
    private static readonly TimeSpan TrimAfterIdle = TimeSpan.FromSeconds(2);
    private readonly long _memoryBudget;
    private long _lastBudgetRelease = long.MinValue / 2;
    private int _releasing;

    /// <summary>The resident size above which memory is handed back while analyses keep coming (see <see cref="Analyze"/>).</summary>
    public const long DefaultMemoryBudget = 450L << 20;

    /// <summary>At most one release a second under a steady stream of analyses: each costs about one analysis.</summary>
    private const long BudgetReleaseIntervalMs = 1000;

    public string ModelName { get; }
    public EmotionTree EmotionTree => _naming.Tree;
    private readonly EmotionNaming _naming;
    public ModelMetadata Metadata => _predictor.Metadata;

    /// <param name="memoryBudgetBytes">Resident size above which freed memory is handed back at once rather than after
    /// 2 s without analyses; 0 for never (a one-shot command).</param>
    public PhotoAffectAnalyzer(string modelPath, PhotoDecoderOptions? decoderOptions = null, FaceDetectorOptions? detectorOptions = null,
        long memoryBudgetBytes = DefaultMemoryBudget)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(memoryBudgetBytes);
        _memoryBudget = memoryBudgetBytes;
        NativeHeap.ConfigureAllocator(arenas: Environment.ProcessorCount);
        _predictor = AffectPredictor.Load(modelPath);
        var meta = _predictor.Metadata;
        _naming = meta.Naming() ?? throw new InvalidDataException(
            $"{modelPath} carries no emotion tree; train it with labelled (valence, arousal, expression) data");
        ModelName = $"{meta.Architecture} {(meta.Design == Design.OneByTwo ? "1×2" : "2×1")}, {meta.InputSize} px";
        var options = detectorOptions ?? FaceDetectorOptions.Default;
        // Only the largest face counts by default: a quick pass at 320 px finds a webcam face several times faster.
        // Every face: the full pass as well, with the quick pass's boxes for the faces both find (the same framing).
        options = options with { QuickDetectionSide = options.QuickDetectionSide > 0 ? options.QuickDetectionSide : FaceDetectorOptions.AnalysisQuickDetectionSide };
        _detector = new FaceDetector(options with { EveryFace = true });
        _quickDetector = new FaceDetector(options with { EveryFace = false });
        var preprocess = new FacePreprocessor(new FacePreprocessingOptions(meta.InputSize, FaceNormalization.FromRgb(meta.NormalizationMean, meta.NormalizationStd),
            meta.FramingMargin, meta.FramingOffsetY));
        var decoder = new PhotoDecoder(decoderOptions);
        _acquisition = new FaceAcquisition(decoder, _detector, preprocess);
        _largestFaceAcquisition = new FaceAcquisition(decoder, _quickDetector, preprocess);
        _trim = new Timer(_ => { if (Volatile.Read(ref _inFlight) == 0) NativeHeap.Release(); });
    }

    /// <summary>Faces and the reading of each analysed face; with <see cref="MultiFaceMode.Average"/> one reading of the
    /// averaged estimate (and averaged head probabilities).</summary>
    public (FaceAcquisitionResult Faces, IReadOnlyList<AffectReading> Readings) AnalyzeFaces(ReadOnlySpan<byte> photo, MultiFaceMode mode)
    {
        var acquired = (mode == MultiFaceMode.Largest ? _largestFaceAcquisition : _acquisition).Acquire(photo, mode);
        int size = acquired.Crops[0].Size, length = 3 * size * size;
        var batch = new float[acquired.Crops.Count * length];
        for (int i = 0; i < acquired.Crops.Count; i++) acquired.Crops[i].Pixels.CopyTo(batch, i * length);
        (AffectPoint Point, float[] Logits)[] outputs;
        lock (_gate) outputs = _predictor.ReadBatch(batch, acquired.Crops.Count);
        if (mode == MultiFaceMode.Average)
            outputs = [(new AffectPoint(outputs.Average(o => o.Point.Valence), outputs.Average(o => o.Point.Arousal)),
                [.. Enumerable.Range(0, outputs[0].Logits.Length).Select(c => outputs.Average(o => o.Logits[c]))])];
        return (acquired, [.. outputs.Select(o => _naming.Name(o.Point, o.Logits))]);
    }

    public PhotoAnalysis Analyze(byte[] photo, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            var (faces, readings) = AnalyzeFaces(photo, MultiFaceMode.Largest);
            var boxes = faces.Faces.Select(f => new Web.FaceBox(f.X, f.Y, f.Width, f.Height)).ToArray();
            string extension = faces.Format switch
            {
                PhotoFormat.Jpeg => ".jpg",
                PhotoFormat.Png => ".png",
                PhotoFormat.WebP => ".webp",
                PhotoFormat.Bmp => ".bmp",
                _ => throw new InvalidOperationException($"no file extension for photo format {faces.Format}"),
            };
            // The drawn point: the web app names the emotion with the tree at it, which is the model's named emotion.
            return new PhotoAnalysis(faces.ImageWidth, faces.ImageHeight, boxes, readings[0].Point.Valence, readings[0].Point.Arousal, extension);
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
        finally
        {
            // Releasing memory costs about as much as an analysis (pages handed back, then faulted in again), so it
            // waits until analyses have paused for a while rather than following each one.
            if (Interlocked.Decrement(ref _inFlight) == 0)
            {
                try { _trim.Change(TrimAfterIdle, Timeout.InfiniteTimeSpan); }
                catch (ObjectDisposedException) { } // an analysis that outlived the analyser (shutdown): nothing to trim for
            }
            ReleaseIfOverBudget();
        }
    }

    /// <summary>
    /// Under a steady stream of analyses the idle release never comes, and what they free piles up (600k songs after
    /// a 4,000-request fuzz pass: 583 MB, 475 MB once released). Above the budget the release runs now, on the thread
    /// pool so that no response waits for it, at most once a second.
    /// </summary>
    private void ReleaseIfOverBudget()
    {
        if (_memoryBudget == 0) return;
        long now = Environment.TickCount64;
        if (now - Volatile.Read(ref _lastBudgetRelease) < BudgetReleaseIntervalMs) return;
        if (Environment.WorkingSet <= _memoryBudget) return;
        if (Interlocked.Exchange(ref _releasing, 1) == 1) return;
        Volatile.Write(ref _lastBudgetRelease, now);
        ThreadPool.UnsafeQueueUserWorkItem(_ =>
        {
            try { NativeHeap.Release(); Interlocked.Increment(ref _budgetReleases); }
            finally { Volatile.Write(ref _releasing, 0); }
        }, null);
    }

    /// <summary>How many releases the memory budget has caused (for tests and metrics).</summary>
    public int BudgetReleases => Volatile.Read(ref _budgetReleases);
    private int _budgetReleases;

    public void Dispose()
    {
        _trim.Dispose();
        _predictor.Dispose();
        _detector.Dispose();
        _quickDetector.Dispose();
    }
}
