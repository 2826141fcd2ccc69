using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Circumplex.Models.Networks;

/// <summary>
/// ResNet's bottleneck residual block, torchvision's "v1.5" (stride on the 3×3 convolution): 1×1 reduce →
/// 3×3 → 1×1 expand (4×), BatchNorm after each, projection shortcut when the shape changes.
/// Field names match torchvision's so ImageNet weights map by name.
/// </summary>
public sealed class Bottleneck : nn.Module<Tensor, Tensor>
{
    public const int Expansion = 4;

    private readonly Conv2d conv1;
    private readonly StableBatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly StableBatchNorm2d bn2;
    private readonly Conv2d conv3;
    private readonly StableBatchNorm2d bn3;
    private readonly ReLU relu;
    private readonly Sequential? downsample;

    public Bottleneck(int inChannels, int width, int stride, Device? device = null) : base(nameof(Bottleneck))
    {
        int outChannels = width * Expansion;
        conv1 = nn.Conv2d(inChannels, width, 1, bias: false, device: device);
        bn1 = new StableBatchNorm2d(width, device);
        conv2 = nn.Conv2d(width, width, 3, stride: stride, padding: 1, bias: false, device: device);
        bn2 = new StableBatchNorm2d(width, device);
        conv3 = nn.Conv2d(width, outChannels, 1, bias: false, device: device);
        bn3 = new StableBatchNorm2d(outChannels, device);
        relu = nn.ReLU();
        if (stride != 1 || inChannels != outChannels)
            downsample = nn.Sequential(
                nn.Conv2d(inChannels, outChannels, 1, stride: stride, bias: false, device: device),
                new StableBatchNorm2d(outChannels, device));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = relu.forward(bn1.forward(conv1.forward(x)));
        y = relu.forward(bn2.forward(conv2.forward(y)));
        y = bn3.forward(conv3.forward(y));
        var identity = downsample is null ? x : downsample.forward(x);
        return relu.forward(y.Plus(identity)).MoveToOuterDisposeScope();
    }
}
