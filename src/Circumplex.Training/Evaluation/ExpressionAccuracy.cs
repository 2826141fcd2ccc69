using Circumplex.Affect;
using Circumplex.Emotion;
using Circumplex.Training.Augmentation;
using Circumplex.Training.Trainer;
using TorchSharp;
using static TorchSharp.torch;

namespace Circumplex.Training.Evaluation;

/// <summary>How well a model names expressions on a labelled set, through its auxiliary head and through its tree.</summary>
public sealed record ExpressionAccuracyResult(int Count, int Classes, double? HeadAccuracy, double? TreeAccuracy);

public static class ExpressionAccuracy
{
    /// <summary>
    /// Accuracy over the samples with an expression label. The head's argmax is restricted to the classes the set
    /// has (FER2013 has no contempt), so that a 7-class set is scored as 7-class, as its reference models are.
    /// The tree names the model's predicted (valence, arousal).
    /// </summary>
    public static ExpressionAccuracyResult Measure(nn.Module<Tensor, Tensor> model, TrainingSet set, int size, float[] mean, float[] std,
        EmotionTree? tree, int batchSize = 64, int loaderThreads = 1, Device? device = null)
    {
        var items = Enumerable.Range(0, set.Count).Where(i => set[i].Sample.Expression is not null).Select(i => new EpochItem(i, AugmentationOp.Nothing)).ToArray();
        if (items.Length == 0) throw new InvalidOperationException($"{set.Describe()} has no expression labels");
        var present = items.Select(i => (int)set[i.SampleIndex].Sample.Expression!.Value).Distinct().Order().ToArray();
        int headCorrect = 0, treeCorrect = 0;
        bool hasHead = false;
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = torch.inference_mode();
            foreach (var batch in BatchLoader.Batches(set, items, batchSize, size, mean, std, 0, 0, loaderThreads))
            {
                using var scope = NewDisposeScope();
                var x = torch.tensor(batch.Images, [batch.Count, 3, size, size]);
                if (device is not null) x = x.to(device);
                var output = model.forward(x).to(CPU).to_type(ScalarType.Float32).data<float>().ToArray();
                int columns = output.Length / batch.Count;
                hasHead = columns >= 2 + Expressions.Count;
                for (int j = 0; j < batch.Count; j++)
                {
                    long truth = batch.Labels[j];
                    if (hasHead)
                    {
                        int best = present[0];
                        foreach (int c in present)
                            if (output[j * columns + 2 + c] > output[j * columns + 2 + best]) best = c;
                        if (best == truth) headCorrect++;
                    }
                    if (tree is not null)
                    {
                        var p = new AffectPoint(output[j * columns], output[j * columns + 1]);
                        if ((long)tree.Predict(p) == truth) treeCorrect++;
                    }
                }
            }
        }
        finally
        {
            if (wasTraining) model.train();
        }
        return new ExpressionAccuracyResult(items.Length, present.Length,
            hasHead ? (double)headCorrect / items.Length : null,
            tree is not null ? (double)treeCorrect / items.Length : null);
    }
}
