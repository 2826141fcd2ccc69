using Circumplex.Models;
using Circumplex.Training.Augmentation;

namespace Circumplex.Cli.Commands;

/// <summary>Command-line spellings of architectures, designs and plans (case-insensitive).</summary>
public static class ArchitectureNames
{
    public static Architecture ParseArchitecture(string s) => s.ToLowerInvariant() switch
    {
        "alexnet" => Architecture.AlexNet,
        "resnet50" => Architecture.ResNet50,
        "vit" or "vit-b16" or "vit-b/16" => Architecture.ViT,
        "invnet50" or "invnet" => Architecture.InvNet50,
        "drvit" => Architecture.DRViT,
        "resnet18" => Architecture.ResNet18,
        _ => throw new ArgumentException($"unknown architecture '{s}'; choose alexnet, resnet50, vit, invnet50, drvit or resnet18"),
    };

    public static Design ParseDesign(string s) => s.ToLowerInvariant() switch
    {
        "1x2" or "1×2" => Design.OneByTwo,
        "2x1" or "2×1" => Design.TwoByOne,
        _ => throw new ArgumentException($"unknown design '{s}'; choose 1x2 (one net, two outputs) or 2x1 (two nets)"),
    };

    public static AugmentationPlan ParsePlan(string s) => s.ToLowerInvariant() switch
    {
        "none" => AugmentationPlan.None,
        "a" => AugmentationPlan.A,
        "b" => AugmentationPlan.B,
        _ => throw new ArgumentException($"unknown augmentation plan '{s}'; choose none, A or B"),
    };

    public static string Name(Design d) => d == Design.OneByTwo ? "1×2" : "2×1";
}
