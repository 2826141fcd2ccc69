using BenchmarkDotNet.Attributes;
using Circumplex.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Circumplex.Benchmarks;

/// <summary>
/// Training throughput (issue 12): one AdamW step of a 1×2 network on a batch of 64 random images — forward, L2 loss
/// on (v, a), backward, update — as <c>train</c> runs it, on all cores. Reported per image (OperationsPerInvoke), so
/// images/s = 1 / mean. bench/pytorch-train-step.py times the same ResNet18 step in Debian's PyTorch.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
[MedianColumn]
public class TrainingStepBenchmarks
{
    private const int Batch = 64;

    [Params(Architecture.ResNet18, Architecture.InvNet50)]
    public Architecture Architecture { get; set; }

    [Params(64, 112)]
    public int Size { get; set; }

    private AffectNetwork _net = null!;
    private torch.optim.Optimizer _optimizer = null!;
    private Tensor _input = null!, _target = null!;

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(Environment.ProcessorCount);
        torch.manual_seed(1);
        _net = AffectNetworkFactory.Create(Architecture, Design.OneByTwo, Size);
        _net.train();
        _optimizer = torch.optim.AdamW(_net.parameters(), lr: 1e-4, weight_decay: 0.05);
        _input = torch.randn(Batch, 3, Size, Size);
        _target = torch.rand(Batch, 2) * 2 - 1;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public float Step()
    {
        using var scope = NewDisposeScope();
        var loss = (_net.forward(_input) - _target).pow(2).mean();
        _optimizer.zero_grad();
        loss.backward();
        _optimizer.step();
        return loss.item<float>();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// oneDNN: {(Circumplex.Models.Runtime.OneDnnGuard.OneDnnEnabled ? "on" : "off")} ({Circumplex.Models.Runtime.OneDnnGuard.Reason})");
        _input.Dispose();
        _target.Dispose();
        _net.Dispose();
    }
}
