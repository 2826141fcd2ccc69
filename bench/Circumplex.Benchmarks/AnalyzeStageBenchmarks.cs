using BenchmarkDotNet.Attributes;
using Circumplex.Acquisition;
using Circumplex.Cli.Commands;
using Circumplex.Models;
using OpenCvSharp;

namespace Circumplex.Benchmarks;

/// <summary>
/// Where <see cref="AnalyzeBenchmarks"/>'s time goes: each stage of the analyse path on the same photo, with the
/// detector configured as the analyser's largest-face path (quick 320 px pass, alt2 verifier).
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MedianColumn]
public class AnalyzeStageBenchmarks
{
    private byte[] _photo = [];
    private PhotoDecoder _decoder = null!;
    private DecodedPhoto _decoded = null!;
    private FaceDetector _detector = null!, _unverified = null!;
    private FacePreprocessor _preprocessor = null!;
    private AffectPredictor _predictor = null!;
    private FaceBox _face;
    private float[] _pixels = [];

    [GlobalSetup]
    public void Setup()
    {
        _photo = AnalyzeBenchmarks.Photo640x480();
        _decoder = new PhotoDecoder();
        _decoded = _decoder.Decode(_photo);
        var quick = FaceDetectorOptions.Default with { QuickDetectionSide = 320 };
        _detector = new FaceDetector(quick);
        _unverified = new FaceDetector(quick with { VerifierCascadePath = null });
        _predictor = AffectPredictor.Load(DefaultModel.Resolve(null));
        var meta = _predictor.Metadata;
        _preprocessor = new FacePreprocessor(new FacePreprocessingOptions(
            meta.InputSize, FaceNormalization.FromRgb(meta.NormalizationMean, meta.NormalizationStd)));
        _face = _detector.Detect(_decoded.Image)[0];
        _pixels = _preprocessor.Preprocess(_decoded.Image, _face).Pixels;
    }

    [Benchmark]
    public int Decode()
    {
        using var decoded = _decoder.Decode(_photo);
        return decoded.Width;
    }

    [Benchmark]
    public int Detect() => _detector.Detect(_decoded.Image).Count;

    [Benchmark]
    public int DetectWithoutVerifier() => _unverified.Detect(_decoded.Image).Count;

    [Benchmark]
    public int CropAndNormalise() => _preprocessor.Preprocess(_decoded.Image, _face).Pixels.Length;

    [Benchmark]
    public double Forward() => _predictor.Predict(_pixels).Valence;

    [GlobalCleanup]
    public void Cleanup()
    {
        _predictor.Dispose();
        _detector.Dispose();
        _unverified.Dispose();
        _decoded.Dispose();
    }
}
