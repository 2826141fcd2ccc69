using BenchmarkDotNet.Attributes;
using Circumplex.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Circumplex.Benchmarks;

/// <summary>
/// SPEC §9: forward pass of InvNet50 and DRViT (1×2, inference mode, all cores) at batch 1, at the serving size
/// (64 px, the shipped model's), at 112 px (where SPEC §9 sets the goals) and at the paper's 224 px.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MedianColumn]
public class ForwardBenchmarks
{
    [Params(Architecture.InvNet50, Architecture.DRViT)]
    public Architecture Architecture { get; set; }

    [Params(64, 112, 224)]
    public int Size { get; set; }

    private ForwardPass _pass = null!;

    [GlobalSetup]
    public void Setup() => _pass = new ForwardPass(Architecture, Size, batch: 1);

    [Benchmark]
    public float Forward() => _pass.Run();

    [GlobalCleanup]
    public void Cleanup() => _pass.Dispose();
}

/// <summary>
/// The same forward pass at batch 64 (64 px and 224 px), a separate class because each op takes seconds. Peak memory
/// is the process's peak working set, printed by each benchmark process at cleanup.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class ForwardBatchBenchmarks
{
    [Params(Architecture.InvNet50, Architecture.DRViT)]
    public Architecture Architecture { get; set; }

    [Params(64, 224)]
    public int Size { get; set; }

    private ForwardPass _pass = null!;

    [GlobalSetup]
    public void Setup() => _pass = new ForwardPass(Architecture, Size, batch: 64);

    [Benchmark]
    public float Forward() => _pass.Run();

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// peak working set: {System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / (1 << 20)} MB ({Architecture}, {Size} px, batch 64)");
        _pass.Dispose();
    }
}
