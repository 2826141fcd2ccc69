namespace Circumplex.Training.Trainer;

/// <summary>
/// One batch ready for the network: images N×3×S×S normalised, valence/arousal targets N×2 (with a mask for samples
/// that have none), and expression labels (−1 where unknown).
/// </summary>
public sealed record Batch(int Count, int Size, float[] Images, float[] Targets, float[] AffectMask, long[] Labels);
