using Circumplex.Models;
using Circumplex.Training.Augmentation;

namespace Circumplex.Training.Trainer;

/// <summary>Everything that defines a training run (the paper's defaults: batch 64, AdamW lr 1e-3, weight decay 0.05).</summary>
public sealed record TrainingOptions
{
    public Architecture Architecture { get; init; } = Architecture.InvNet50;
    public Design Design { get; init; } = Design.OneByTwo;
    public AugmentationPlan Plan { get; init; } = AugmentationPlan.B;
    public int InputSize { get; init; } = 112;
    public int Epochs { get; init; } = 30;
    public int Seed { get; init; } = 1;
    public int BatchSize { get; init; } = 64;
    public double LearningRate { get; init; } = 1e-3;
    public double WeightDecay { get; init; } = 0.05;
    public int ReducePatience { get; init; } = 2;
    public int StopPatience { get; init; } = 5;
    /// <summary>Cap on images per epoch (after the plan): plan A on AffectNet is 160,000 an epoch, too many for a CPU.</summary>
    public int? MaxImagesPerEpoch { get; init; }
    /// <summary>Weight of the auxiliary expression loss (0 = the paper's pure valence/arousal regression).</summary>
    public double ExpressionLossWeight { get; init; }
    /// <summary>Random re-framing of every training face (scale, shift, rotation); <see cref="FramingJitter.None"/> for the paper's pipeline.</summary>
    public FramingJitter Framing { get; init; } = FramingJitter.Default;
    /// <summary>What the learning-rate schedule and early stopping watch on the validation faces.</summary>
    public SelectionCriterion SelectOn { get; init; } = SelectionCriterion.Affect;
    /// <summary>Gaussian sigma in input pixels given to <see cref="DomainBlurShare"/> of the faces with valence/arousal
    /// (0 = none): the blur of a blurry categorical set (measured by <c>SharpnessMatching</c>), so that the network
    /// also learns those faces blurred and a blurred reading of a sharp face is familiar to its head.</summary>
    public double DomainBlur { get; init; }
    public double DomainBlurShare { get; init; } = 0.5;
    /// <summary>The blurred faces teach only the expression head (their valence/arousal loss is masked), so that the
    /// regression learns from sharp faces alone, as it is read.</summary>
    public bool DomainBlurHeadOnly { get; init; }
    /// <summary>Share of training faces turned grey (torchvision's RandomGrayscale; 0 = none): a categorical set that is
    /// grey (FER2013) otherwise leaves grey faces tied to its own labels and blur, and a webcam in dim light is nearly grey.</summary>
    public double GreyscaleShare { get; init; }
    /// <summary>Weight of the loss towards class-centre valence/arousal targets for faces that have only an expression
    /// (<see cref="WeakAffectTargets"/>), against 1 for the real targets; 0 = those faces teach only the head.</summary>
    public double WeakAffectWeight { get; init; }
    public int LoaderThreads { get; init; } = 1;
    public string Device { get; init; } = "cpu";
    /// <summary>ImageNet statistics: the usual choice and what the paper's torchvision pipeline used.</summary>
    public float[] Mean { get; init; } = [0.485f, 0.456f, 0.406f];
    public float[] Std { get; init; } = [0.229f, 0.224f, 0.225f];

    public void Validate()
    {
        AffectNetworkFactory.ValidateInputSize(Architecture, InputSize);
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "train for at least one epoch");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "batch size must be positive");
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "learning rate must be positive");
        if (WeightDecay < 0) throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "weight decay cannot be negative");
        if (ExpressionLossWeight < 0) throw new ArgumentOutOfRangeException(nameof(ExpressionLossWeight), ExpressionLossWeight, "cannot be negative");
        if (!(WeakAffectWeight >= 0 && WeakAffectWeight <= 1)) throw new ArgumentOutOfRangeException(nameof(WeakAffectWeight), WeakAffectWeight, "the weak-target weight lies in [0, 1]");
        if (MaxImagesPerEpoch is < 1) throw new ArgumentOutOfRangeException(nameof(MaxImagesPerEpoch), MaxImagesPerEpoch, "must be positive");
        if (SelectOn == SelectionCriterion.Objective && !(ExpressionLossWeight > 0))
            throw new ArgumentException("selecting on the whole objective needs an expression head: give an expression weight above 0");
        if (!(DomainBlur >= 0 && DomainBlur <= InputSize / 4.0)) throw new ArgumentException($"domain blur {DomainBlur} px is outside [0, {InputSize / 4.0}]");
        if (!(DomainBlurShare >= 0 && DomainBlurShare <= 1)) throw new ArgumentException($"domain blur share {DomainBlurShare} is outside [0, 1]");
        if (!(GreyscaleShare >= 0 && GreyscaleShare <= 1)) throw new ArgumentException($"greyscale share {GreyscaleShare} is outside [0, 1]");
        ArgumentNullException.ThrowIfNull(Framing, nameof(Framing));
        Framing.Validate();
        if (Mean.Length != 3 || Std.Length != 3 || Std.Any(s => !(s > 0))) throw new ArgumentException("mean and std need 3 values, std positive");
    }
}

/// <summary>What a run is scheduled and stopped on.</summary>
public enum SelectionCriterion
{
    /// <summary>Validation valence/arousal MSE: the paper's regression alone.</summary>
    Affect,
    /// <summary>
    /// The training objective on held-out faces: valence/arousal MSE plus the expression weight times the head's
    /// cross-entropy (on the validation faces and any held-out categorical faces), so that a categorical set keeps
    /// being learned after valence/arousal has levelled off.
    /// </summary>
    Objective,
}
