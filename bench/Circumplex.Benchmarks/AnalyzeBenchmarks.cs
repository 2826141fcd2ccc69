using BenchmarkDotNet.Attributes;
using Circumplex.Analysis;
using Circumplex.Cli.Commands;
using OpenCvSharp;

namespace Circumplex.Benchmarks;

/// <summary>
/// SPEC §9: the full analyse path (decode → Haar detection → crop → shipped model) for a 640×480 JPEG
/// (bar ≤ 60 ms median on 2 cores). The photo is shared/data's obama-480p.jpg resized to 640×480.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MemoryDiagnoser]
[MedianColumn]
public class AnalyzeBenchmarks
{
    private PhotoAffectAnalyzer _analyzer = null!;
    private byte[] _photo = [];

    [GlobalSetup]
    public void Setup()
    {
        _photo = Photo640x480();
        _analyzer = new PhotoAffectAnalyzer(DefaultModel.Resolve(null));
    }

    /// <summary>shared/data's obama-480p.jpg resized to 640×480 and encoded again as JPEG.</summary>
    internal static byte[] Photo640x480()
    {
        string source = Path.Combine(SharedDataPath(), "photos", "face_recognition", "obama-480p.jpg");
        using var image = Cv2.ImRead(source);
        using var resized = image.Resize(new Size(640, 480));
        return resized.ImEncode(".jpg");
    }

    internal static string SharedDataPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("../shared/data not found beside the repository: the benchmark needs its photos");
    }

    [Benchmark]
    public double Analyze640x480() => _analyzer.Analyze(_photo, CancellationToken.None).Valence;

    [GlobalCleanup]
    public void Cleanup() => _analyzer.Dispose();
}
