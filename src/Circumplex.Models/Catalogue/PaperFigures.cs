namespace Circumplex.Models;

/// <summary>The paper's parameter counts (Table 2, millions per network) and its input size.</summary>
public static class PaperFigures
{
    public const int InputSize = 224;

    /// <summary>Counts must land within this fraction of the paper's (SPEC §4).</summary>
    public const double Tolerance = 0.05;

    /// <summary>Null for an architecture the paper did not train (ResNet18).</summary>
    public static double? MillionsPerNetwork(Architecture architecture) => architecture switch
    {
        Architecture.AlexNet => 58.2,
        Architecture.ResNet50 => 25.0,
        Architecture.ViT => 85.0,
        Architecture.InvNet50 => 10.5,
        Architecture.DRViT => 13.0,
        Architecture.ResNet18 => null,
        _ => throw new ArgumentOutOfRangeException(nameof(architecture), architecture, "unknown architecture"),
    };
}
