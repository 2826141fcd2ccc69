using Circumplex.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Circumplex.Benchmarks;

/// <summary>
/// A freshly initialised 1×2 network in eval mode, folded for inference as <see cref="AffectPredictor"/> folds it, and a
/// fixed random input, run under inference mode.
/// </summary>
internal sealed class ForwardPass : IDisposable
{
    private readonly AffectNetwork _net;
    private readonly Tensor _input;

    public ForwardPass(Architecture architecture, int size, int batch)
    {
        torch.set_num_threads(Environment.ProcessorCount);
        torch.manual_seed(1);
        _net = AffectNetworkFactory.Create(architecture, Design.OneByTwo, size);
        _net.eval();
        _net.FoldBatchNormForInference();
        _input = torch.randn(batch, 3, size, size);
    }

    public float Run()
    {
        using var _ = torch.inference_mode();
        using var output = _net.forward(_input);
        return output[0, 0].item<float>();
    }

    public void Dispose()
    {
        _input.Dispose();
        _net.Dispose();
    }
}
