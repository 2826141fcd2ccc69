using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Circumplex.Models.Networks;

/// <summary>
/// AlexNet as Mollahosseini et al. used it on AffectNet (trained from scratch): Krizhevsky's five convolutions
/// (96, 256, 384, 384, 256 filters, ungrouped), each followed by batch normalisation, max-pooling after the 1st,
/// 2nd and 5th as in the original, and three fully connected layers (4096, 4096, outputs) with dropout.
/// 58.3M parameters with one output (paper: 58.2M). The paper's sentence "each [convolution] followed by
/// max-pooling" is not followed literally: five pools would shrink a 224 px face to nothing. An adaptive 6×6
/// average pool before the classifier (as in torchvision) lets any input of at least 64 px through.
/// </summary>
public sealed class AlexNet : nn.Module<Tensor, Tensor>
{
    private readonly Sequential features;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Sequential classifier;

    public AlexNet(int outputs, double dropout = 0.5, Device? device = null) : base(nameof(AlexNet))
    {
        features = nn.Sequential(
            ("conv1", nn.Conv2d(3, 96, 11, stride: 4, padding: 2, device: device)),
            ("bn1", new StableBatchNorm2d(96, device)),
            ("relu1", nn.ReLU()),
            ("pool1", nn.MaxPool2d(3, 2)),
            ("conv2", nn.Conv2d(96, 256, 5, padding: 2, device: device)),
            ("bn2", new StableBatchNorm2d(256, device)),
            ("relu2", nn.ReLU()),
            ("pool2", nn.MaxPool2d(3, 2)),
            ("conv3", nn.Conv2d(256, 384, 3, padding: 1, device: device)),
            ("bn3", new StableBatchNorm2d(384, device)),
            ("relu3", nn.ReLU()),
            ("conv4", nn.Conv2d(384, 384, 3, padding: 1, device: device)),
            ("bn4", new StableBatchNorm2d(384, device)),
            ("relu4", nn.ReLU()),
            ("conv5", nn.Conv2d(384, 256, 3, padding: 1, device: device)),
            ("bn5", new StableBatchNorm2d(256, device)),
            ("relu5", nn.ReLU()),
            ("pool5", nn.MaxPool2d(3, 2)));
        avgpool = nn.AdaptiveAvgPool2d(6);
        classifier = nn.Sequential(
            ("drop6", nn.Dropout(dropout)),
            ("fc6", nn.Linear(256 * 6 * 6, 4096, device: device)),
            ("relu6", nn.ReLU()),
            ("drop7", nn.Dropout(dropout)),
            ("fc7", nn.Linear(4096, 4096, device: device)),
            ("relu7", nn.ReLU()),
            ("fc8", nn.Linear(4096, outputs, device: device)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var pooled = avgpool.forward(features.forward(x)).flatten(1);
        return classifier.forward(pooled).MoveToOuterDisposeScope();
    }
}
