using Circumplex.Affect;
using Circumplex.Training.Augmentation;
using Circumplex.Training.Trainer;
using TorchSharp;
using static TorchSharp.torch;

namespace Circumplex.Training.Evaluation;

/// <summary>The expression head's cross-entropy and accuracy (over all eight classes, as it is trained) on a labelled set.</summary>
public sealed record ExpressionValidationScore(int Count, double CrossEntropy, double Accuracy);

/// <summary>
/// Scores the auxiliary expression head on held-out faces, so that a run which also learns from a categorical set
/// (FER2013) can be scheduled and stopped on what it learns there, not on valence/arousal alone.
/// </summary>
public static class ExpressionValidation
{
    public static ExpressionValidationScore Score(nn.Module<Tensor, Tensor> model, TrainingSet set, int size, float[] mean, float[] std,
        int batchSize = 64, int loaderThreads = 1, Device? device = null)
    {
        var items = Enumerable.Range(0, set.Count).Where(i => set[i].Sample.Expression is not null).Select(i => new EpochItem(i, AugmentationOp.Nothing)).ToArray();
        if (items.Length == 0) throw new InvalidOperationException($"{set.Describe()} has no expression labels to validate the head on");
        double crossEntropySum = 0;
        int correct = 0;
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = torch.inference_mode();
            foreach (var batch in BatchLoader.Batches(set, items, batchSize, size, mean, std, seed: 0, epoch: 0, loaderThreads))
            {
                using var scope = NewDisposeScope();
                var x = torch.tensor(batch.Images, [batch.Count, 3, size, size]);
                if (device is not null) x = x.to(device);
                var output = model.forward(x).to(CPU);
                if (output.shape[1] < 2 + Expressions.Count)
                    throw new InvalidOperationException("the model has no expression head: train it with --expression-weight above 0");
                var logits = output.narrow(1, 2, Expressions.Count).to_type(ScalarType.Float32);
                var labels = torch.tensor(batch.Labels);
                crossEntropySum += nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.Sum).item<float>();
                correct += (int)logits.argmax(1).eq(labels).sum().item<long>();
            }
        }
        finally
        {
            if (wasTraining) model.train();
        }
        return new ExpressionValidationScore(items.Length, crossEntropySum / items.Length, (double)correct / items.Length);
    }
}
