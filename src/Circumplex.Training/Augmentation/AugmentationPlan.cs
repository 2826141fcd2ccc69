namespace Circumplex.Training.Augmentation;

/// <summary>The paper's Section 5 plans. None: the data as it is. A: every class drawn 20,000 times (with replacement
/// among its capped images). B: every capped image once. Both cap a class at 20,000 images.</summary>
public enum AugmentationPlan
{
    None,
    A,
    B,
}

/// <summary>The five equally likely treatments of a selected image (one per image per epoch).</summary>
public enum AugmentationOp
{
    Nothing,
    GaussianBlur,
    HorizontalFlip,
    ColorJitter,
    RandomErasing,
}

/// <summary>One image of an epoch: which sample, and what is done to it.</summary>
public readonly record struct EpochItem(int SampleIndex, AugmentationOp Op);
