using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Circumplex.Models.Networks;

/// <summary>
/// The ImageNet ResNet18 whose weights ship in NuGet's Microsoft.ML.DnnImageFeaturizer.ResNet18 (a CNTK export),
/// with a linear head on its 512-d pooled features. That export has basic blocks 2, 2, 2, 3 per stage (one block
/// more in the last stage than torchvision's resnet18, 15.9M parameters in all): the layout follows the weights so
/// that every pretrained tensor has a place (<see cref="Persistence.ImageNetResNet18"/>). Convolutions pad
/// symmetrically as torchvision's do; the CNTK graph pads stride-2 layers only at the top/left, which gives the
/// same numbers whenever the map being strided has an even side (every layer at 224 px; all but the last at 112).
/// </summary>
public sealed class ResNet18 : nn.Module<Tensor, Tensor>
{
    public static readonly int[] BlocksPerStage = [2, 2, 2, 3];
    public static readonly int[] StageWidths = [64, 128, 256, 512];
    public const int FeatureSize = 512;

    private readonly Conv2d conv1;
    private readonly StableBatchNorm2d bn1;
    private readonly ReLU relu;
    private readonly MaxPool2d maxpool;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Dropout dropout;
    private readonly Linear head;

    public ResNet18(int outputs, Device? device = null, double dropout = 0.2) : base(nameof(ResNet18))
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
                blocks.Add(new BasicBlock(channels, StageWidths[s], b == 0 && s > 0 ? 2 : 1, device));
                channels = StageWidths[s];
            }
            stages[s] = nn.Sequential(blocks);
        }
        (layer1, layer2, layer3, layer4) = (stages[0], stages[1], stages[2], stages[3]);
        avgpool = nn.AdaptiveAvgPool2d(1);
        this.dropout = nn.Dropout(dropout);
        head = nn.Linear(FeatureSize, outputs, device: device);
        RegisterComponents();
        // From scratch: He initialisation (fan-out) as torchvision; the ImageNet import overwrites the backbone.
        using (no_grad())
            foreach (var module in modules())
                if (module is Conv2d conv)
                    nn.init.kaiming_normal_(conv.weight!, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
    }

    /// <summary>The 512-d pooled features (the ONNX model's output), without the head.</summary>
    public Tensor Features(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = maxpool.forward(relu.forward(bn1.forward(conv1.forward(x))));
        y = layer4.forward(layer3.forward(layer2.forward(layer1.forward(y))));
        return avgpool.forward(y).flatten(1).MoveToOuterDisposeScope();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return head.forward(dropout.forward(Features(x))).MoveToOuterDisposeScope();
    }
}
