using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Circumplex.Models.Networks;

/// <summary>
/// ResNet50 (He et al. 2016) exactly as torchvision builds it, including its 2048 → 1000 ImageNet layer,
/// with a new 1000 → outputs regression layer on top: the transfer-learning setup that gives 25.56M parameters
/// (paper: 25.0M). Replacing the 1000-way layer instead would give 23.5M, outside the ±5% band (SPEC §4).
/// Pretrained weights are optional; the field names follow torchvision so they map by name.
/// </summary>
public sealed class ResNet50 : nn.Module<Tensor, Tensor>
{
    private static readonly int[] BlocksPerStage = [3, 4, 6, 3];
    private static readonly int[] StageWidths = [64, 128, 256, 512];
    public const int ImageNetClasses = 1000;

    private readonly Conv2d conv1;
    private readonly StableBatchNorm2d bn1;
    private readonly ReLU relu;
    private readonly MaxPool2d maxpool;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Linear fc;
    private readonly Linear regressor;

    public ResNet50(int outputs, Device? device = null) : base(nameof(ResNet50))
    {
        conv1 = nn.Conv2d(3, 64, 7, stride: 2, padding: 3, bias: false, device: device);
        bn1 = new StableBatchNorm2d(64, device);
        relu = nn.ReLU();
        maxpool = nn.MaxPool2d(3, 2, 1);
        int channels = 64;
        var stages = new Sequential[4];
        for (int s = 0; s < 4; s++)
        {
            var blocks = new List<nn.Module<Tensor, Tensor>>();
            for (int b = 0; b < BlocksPerStage[s]; b++)
            {
                int stride = b == 0 && s > 0 ? 2 : 1;
                blocks.Add(new Bottleneck(channels, StageWidths[s], stride, device));
                channels = StageWidths[s] * Bottleneck.Expansion;
            }
            stages[s] = nn.Sequential(blocks);
        }
        (layer1, layer2, layer3, layer4) = (stages[0], stages[1], stages[2], stages[3]);
        avgpool = nn.AdaptiveAvgPool2d(1);
        fc = nn.Linear(channels, ImageNetClasses, device: device);
        regressor = nn.Linear(ImageNetClasses, outputs, device: device);
        RegisterComponents();
        // torchvision's initialisation (He et al. 2015, fan-out): what trains from scratch when no ImageNet weights are given.
        using (no_grad())
            foreach (var module in modules())
                if (module is Conv2d conv)
                    nn.init.kaiming_normal_(conv.weight!, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = maxpool.forward(relu.forward(bn1.forward(conv1.forward(x))));
        y = layer4.forward(layer3.forward(layer2.forward(layer1.forward(y))));
        var logits = fc.forward(avgpool.forward(y).flatten(1));
        return regressor.forward(logits).MoveToOuterDisposeScope();
    }
}
