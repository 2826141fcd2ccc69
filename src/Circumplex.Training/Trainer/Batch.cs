namespace Circumplex.Training.Trainer;

/// <summary>
/// One batch ready for the network: images N×3×S×S normalised, valence/arousal targets N×2 (with a mask for samples
/// that have none), and expression labels (−1 where unknown). <see cref="WeakMask"/> marks the samples whose target is
/// only their class's centre (<see cref="WeakAffectTargets"/>); a sample is in at most one of the two masks.
/// </summary>
public sealed record Batch(int Count, int Size, float[] Images, float[] Targets, float[] AffectMask, long[] Labels, float[] WeakMask);
