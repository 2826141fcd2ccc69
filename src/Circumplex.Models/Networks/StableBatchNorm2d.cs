using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Circumplex.Models.Networks;

/// <summary>
/// Batch normalisation over [N, C, H, W]: the computation and the state-dict names of TorchSharp's BatchNorm2d
/// (weight, bias, running_mean, running_var, num_batches_tracked; momentum 0.1, eps 1e-5), so model files, checkpoints
/// and the ImageNet import are unchanged. It exists because TorchSharp 0.107's BatchNorm2d counts batches with
/// <c>num_batches_tracked.add_(1)</c>: the Scalar made implicitly for that 1 can be finalised by a collection on another
/// thread while libtorch still reads it, which aborted training runs ("Unknown scalar type") every ten-odd epochs. Here
/// both Scalars (the value and add_'s alpha) are fields, alive as long as the module.
/// </summary>
public sealed class StableBatchNorm2d : nn.Module<Tensor, Tensor>
{
    public const double Momentum = 0.1;
    public const double Epsilon = 1e-5;

    // Field names are the state-dict names (RegisterComponents uses them).
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly Tensor running_mean;
    private readonly Tensor running_var;
    private readonly Tensor num_batches_tracked;
    private readonly Scalar _one = 1L;

    public StableBatchNorm2d(long channels, Device? device = null) : base(nameof(BatchNorm2d))
    {
        weight = new Parameter(ones(channels, device: device));
        bias = new Parameter(zeros(channels, device: device));
        running_mean = zeros(channels, device: device);
        running_var = ones(channels, device: device);
        num_batches_tracked = tensor(0L, device: device);
        RegisterComponents();
    }

    public Parameter Weight => weight;
    public Parameter Bias => bias;
    public Tensor RunningMean => running_mean;
    public Tensor RunningVar => running_var;

    public override Tensor forward(Tensor input)
    {
        if (input.ndim != 4) throw new ArgumentException($"expected 4D input, but got {input.ndim}D input");
        if (training)
            using (no_grad()) num_batches_tracked.add_(_one, _one); // value and alpha: add_(1) would make the alpha Scalar itself
        return F.batch_norm(input, running_mean, running_var, weight, bias, training, Momentum, Epsilon);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _one.Dispose();
        base.Dispose(disposing);
    }
}
