namespace Circumplex.Training.Trainer;

/// <summary>
/// Learning-rate reduction on a validation-loss plateau and early stopping, as one small piece of state that a
/// checkpoint can store (so that a resumed run takes exactly the decisions the uninterrupted one would).
/// </summary>
public sealed class PlateauSchedule
{
    public double LearningRate { get; set; }
    public double BestLoss { get; set; } = double.PositiveInfinity;
    public int BestEpoch { get; set; } = -1;
    public int EpochsSinceBest { get; set; }
    public int EpochsSinceReduction { get; set; }
    public double Factor { get; set; } = 0.1;
    public int ReducePatience { get; set; } = 2;
    public int StopPatience { get; set; } = 5;
    public double MinLearningRate { get; set; } = 1e-6;

    /// <summary>Records an epoch's validation loss; returns true when this epoch is the best so far.</summary>
    public bool Observe(int epoch, double loss)
    {
        // A relative threshold of 1e-4, as torch's ReduceLROnPlateau uses by default.
        if (loss < BestLoss * (1 - 1e-4))
        {
            BestLoss = loss; BestEpoch = epoch; EpochsSinceBest = 0; EpochsSinceReduction = 0;
            return true;
        }
        EpochsSinceBest++;
        EpochsSinceReduction++;
        if (EpochsSinceReduction > ReducePatience && LearningRate > MinLearningRate)
        {
            LearningRate = Math.Max(LearningRate * Factor, MinLearningRate);
            EpochsSinceReduction = 0;
        }
        return false;
    }

    public bool ShouldStop => EpochsSinceBest >= StopPatience;
}
