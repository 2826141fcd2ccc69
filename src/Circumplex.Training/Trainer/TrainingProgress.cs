namespace Circumplex.Training.Trainer;

/// <summary>What the trainer reports after each batch and each validation pass (for a progress bar).</summary>
public sealed record TrainingProgress(int Epoch, int Epochs, int Batch, int Batches, double RunningLoss, double ImagesPerSecond, string Phase);
