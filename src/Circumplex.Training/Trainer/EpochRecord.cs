using System.Globalization;

namespace Circumplex.Training.Trainer;

/// <summary>One line of the per-epoch log (epochs.csv); the expression columns are empty for a run without an expression head.</summary>
public sealed record EpochRecord(int Epoch, double TrainLoss, double ValidationLoss, double ValenceCcc, double ArousalCcc,
    double ValenceRmse, double ArousalRmse, double LearningRate, double ImagesPerSecond, double Seconds,
    double? ExpressionLoss = null, double? ExpressionAccuracy = null, double? SelectionLoss = null)
{
    public const string CsvHeader = "epoch,train_loss,val_loss,val_valence_ccc,val_arousal_ccc,val_valence_rmse,val_arousal_rmse,learning_rate,images_per_second,seconds,val_expression_loss,val_expression_accuracy,selection_loss";

    public string ToCsv() => string.Join(",", new object?[] { Epoch, TrainLoss, ValidationLoss, ValenceCcc, ArousalCcc, ValenceRmse, ArousalRmse, LearningRate, ImagesPerSecond, Seconds, ExpressionLoss, ExpressionAccuracy, SelectionLoss }
        .Select(o => o is null ? "" : Convert.ToString(o, CultureInfo.InvariantCulture)));
}
