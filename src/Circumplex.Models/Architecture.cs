namespace Circumplex.Models;

/// <summary>The five affect architectures compared in the paper (Table 2), and ResNet18 with ImageNet weights (not in the paper).</summary>
public enum Architecture
{
    AlexNet,
    ResNet50,
    ViT,
    InvNet50,
    DRViT,
    ResNet18,
}

/// <summary>
/// The paper's "models × outputs" variable: one network with two outputs, or two networks (valence, arousal)
/// with one output each, as Mollahosseini et al. trained AlexNet.
/// </summary>
public enum Design
{
    OneByTwo,
    TwoByOne,
}
