using Circumplex.Affect;
using Circumplex.Training.Augmentation;
using Circumplex.Training.Trainer;
using TorchSharp;
using static TorchSharp.torch;

namespace Circumplex.Training.Evaluation;

/// <summary>Runs a model over every sample with valence/arousal of a set, without augmentation, in inference mode.</summary>
public static class AffectEvaluator
{
    public static AffectPredictions Predict(nn.Module<Tensor, Tensor> model, TrainingSet set, int size, float[] mean, float[] std,
        int batchSize = 64, int loaderThreads = 1, Device? device = null, IProgress<(int Done, int Total)>? progress = null)
    {
        var items = Enumerable.Range(0, set.Count).Where(i => set[i].Sample.HasAffect).Select(i => new EpochItem(i, AugmentationOp.Nothing)).ToArray();
        if (items.Length == 0) throw new InvalidOperationException($"{set.Describe()} has no samples with valence/arousal to evaluate on");
        var tv = new double[items.Length];
        var ta = new double[items.Length];
        var pv = new double[items.Length];
        var pa = new double[items.Length];
        var expressions = new Expression?[items.Length];
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = torch.inference_mode();
            int offset = 0;
            foreach (var batch in BatchLoader.Batches(set, items, batchSize, size, mean, std, seed: 0, epoch: 0, loaderThreads))
            {
                using var scope = NewDisposeScope();
                var x = torch.tensor(batch.Images, [batch.Count, 3, size, size]);
                if (device is not null) x = x.to(device);
                var output = model.forward(x).to(CPU).to_type(ScalarType.Float32).data<float>().ToArray();
                int columns = output.Length / batch.Count;
                for (int j = 0; j < batch.Count; j++)
                {
                    int i = offset + j;
                    tv[i] = batch.Targets[2 * j];
                    ta[i] = batch.Targets[2 * j + 1];
                    pv[i] = Math.Clamp(output[j * columns], -1.0, 1.0);
                    pa[i] = Math.Clamp(output[j * columns + 1], -1.0, 1.0);
                    expressions[i] = batch.Labels[j] >= 0 ? (Expression)batch.Labels[j] : null;
                }
                offset += batch.Count;
                progress?.Report((offset, items.Length));
            }
        }
        finally
        {
            if (wasTraining) model.train();
        }
        return new AffectPredictions(tv, ta, pv, pa, expressions);
    }
}
