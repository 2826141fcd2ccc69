using BenchmarkDotNet.Attributes;
using Circumplex.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Circumplex.Benchmarks;

/// <summary>
/// SPEC §9: forward pass of InvNet50 and DRViT (1×2, inference mode, all cores) at batch 1 and 64, at the serving
/// size (64 px, the shipped model's) and at the paper's 224 px. Peak memory is the process's peak working set,
/// printed by each benchmark process at cleanup.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class ForwardBenchmarks
{
    [Params(Architecture.InvNet50, Architecture.DRViT)]
    public Architecture Architecture { get; set; }

    [Params(64, 224)]
    public int Size { get; set; }

    [Params(1, 64)]
    public int Batch { get; set; }

    private AffectNetwork _net = null!;
    private Tensor _input = null!;

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(Environment.ProcessorCount);
        torch.manual_seed(1);
        _net = AffectNetworkFactory.Create(Architecture, Design.OneByTwo, Size);
        _net.eval();
        _input = torch.randn(Batch, 3, Size, Size);
    }

    [Benchmark]
    public float Forward()
    {
        using var _ = torch.inference_mode();
        using var output = _net.forward(_input);
        return output[0, 0].item<float>();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// peak working set: {System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / (1 << 20)} MB ({Architecture}, {Size} px, batch {Batch})");
        _input.Dispose();
        _net.Dispose();
    }
}
