using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Circumplex.Models.Networks;

/// <summary>
/// ResNet's basic residual block (He et al. 2016): 3×3 → BN → ReLU → 3×3 → BN, plus the input, then ReLU; a 1×1
/// projection with BatchNorm on the shortcut when the stride or width changes. Field names follow torchvision.
/// </summary>
public sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly StableBatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly StableBatchNorm2d bn2;
    private readonly ReLU relu;
    private readonly Sequential? downsample;

    public BasicBlock(int inChannels, int outChannels, int stride, Device? device = null) : base(nameof(BasicBlock))
    {
        conv1 = nn.Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false, device: device);
        bn1 = new StableBatchNorm2d(outChannels, device);
        conv2 = nn.Conv2d(outChannels, outChannels, 3, padding: 1, bias: false, device: device);
        bn2 = new StableBatchNorm2d(outChannels, device);
        relu = nn.ReLU();
        if (stride != 1 || inChannels != outChannels)
            downsample = nn.Sequential(
                nn.Conv2d(inChannels, outChannels, 1, stride: stride, bias: false, device: device),
                new StableBatchNorm2d(outChannels, device));
        RegisterComponents();
    }

    public bool HasProjection => downsample is not null;

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = relu.forward(bn1.forward(conv1.forward(x)));
        y = bn2.forward(conv2.forward(y));
        var identity = downsample is null ? x : downsample.forward(x);
        return relu.forward(y.Plus(identity)).MoveToOuterDisposeScope();
    }
}
