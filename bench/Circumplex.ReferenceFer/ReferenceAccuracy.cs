using Circumplex.Affect;
using Circumplex.Models;
using Circumplex.Training.Data;
using Circumplex.Training.Evaluation;
using static TorchSharp.torch;

namespace Circumplex.ReferenceFer;

/// <summary>What a reference classifier names on a labelled set: accuracy over the classes present and each class's recall.</summary>
public sealed record ReferenceResult(int Count, double Accuracy, IReadOnlyDictionary<string, double> Recall);

public static class ReferenceAccuracy
{
    private const int BatchSize = 256;

    /// <param name="blurSigma">Gaussian blur (pixels at 48 px) given to every face before it is read; 0 reads them as they are.</param>
    public static ReferenceResult Measure(GreyFaceClassifier classifier, FaceDataset set, double blurSigma)
    {
        var samples = set.Samples.Where(s => s.Expression is not null).ToArray();
        if (samples.Length == 0) throw new InvalidDataException($"{set.Name} has no expression labels");
        var present = samples.Select(s => s.Expression!.Value).Distinct().ToHashSet();
        var unknown = present.Where(e => !GreyFaceClassifier.OutputOrder.Contains(e)).ToArray();
        if (unknown.Length > 0) throw new InvalidDataException($"{set.Name} has classes the reference model cannot name: {string.Join(", ", unknown.Select(e => e.Name()))}");
        var correct = new Dictionary<Expression, int>();
        var total = new Dictionary<Expression, int>();
        const int side = GreyFaceClassifier.Side;
        foreach (var batch in samples.Chunk(BatchSize))
        {
            var pixels = new float[batch.Length * 3 * side * side];
            Parallel.For(0, batch.Length, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
                TrainingImageLoader.Load(set.Images.Read(batch[i].ImageKey), batch[i].Box, side).CopyTo(pixels, i * 3 * side * side));
            float[] luminance;
            using (var scope = NewDisposeScope())
            {
                var images = GaussianBlurring.Blur(tensor(pixels, [batch.Length, 3, side, side]), blurSigma);
                luminance = SharpnessMatching.Luminance(images).contiguous().data<float>().ToArray();
            }
            var probabilities = classifier.Classify(luminance, batch.Length);
            for (int i = 0; i < batch.Length; i++)
            {
                var truth = batch[i].Expression!.Value;
                var named = Enumerable.Range(0, GreyFaceClassifier.OutputOrder.Count)
                    .Where(c => present.Contains(GreyFaceClassifier.OutputOrder[c]))
                    .MaxBy(c => probabilities[i][c]);
                total[truth] = total.GetValueOrDefault(truth) + 1;
                if (GreyFaceClassifier.OutputOrder[named] == truth) correct[truth] = correct.GetValueOrDefault(truth) + 1;
            }
        }
        return new ReferenceResult(samples.Length, correct.Values.Sum() / (double)samples.Length,
            total.OrderBy(t => t.Key).ToDictionary(t => t.Key.Name(), t => correct.GetValueOrDefault(t.Key) / (double)t.Value));
    }
}
