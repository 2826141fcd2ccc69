using Circumplex.Models;
using Circumplex.Models.Networks;
using Circumplex.Training.Data;
using Circumplex.Training.Trainer;
using TorchSharp;
using static TorchSharp.torch;

namespace Circumplex.Training.Heads;

/// <summary>
/// A ResNet18's pooled features (the input of its linear head) for the faces of a set that pass a filter, read once
/// in eval mode without augmentation: what the closed-form and refitted heads learn from. With
/// <c>mirrored</c>, each face's features are the mean of the face's and its mirror image's, so that a linear head
/// fitted to them gives the mean of the two readings, as the test-time flip does.
/// </summary>
public static class PooledFeatures
{
    public static (float[][] Features, FaceSample[] Samples) Read(ResNet18 network, ModelMetadata meta, TrainingSet set, Func<FaceSample, bool> include, bool mirrored = false)
    {
        var features = new List<float[]>();
        var samples = new List<FaceSample>();
        int size = meta.InputSize, length = 3 * size * size;
        var indices = Enumerable.Range(0, set.Count).Where(i => include(set[i].Sample)).ToArray();
        bool wasTraining = network.training;
        network.eval();
        try
        {
            using var _ = inference_mode();
            for (int start = 0; start < indices.Length; start += 64)
            {
                int n = Math.Min(64, indices.Length - start);
                var pixels = new float[n * length];
                Parallel.For(0, n, j =>
                {
                    var (dataset, sample) = set[indices[start + j]];
                    var chw = TrainingImageLoader.Load(dataset.Images.Read(sample.ImageKey), sample.Box, size);
                    TrainingImageLoader.Normalise(chw, size, meta.NormalizationMean, meta.NormalizationStd);
                    chw.CopyTo(pixels, j * length);
                });
                using var scope = NewDisposeScope();
                var x = torch.tensor(pixels, [n, 3, size, size]);
                var pooled = mirrored ? (network.Features(x) + network.Features(x.flip(3))) / 2 : network.Features(x);
                float[] f = pooled.data<float>().ToArray();
                int d = f.Length / n;
                for (int j = 0; j < n; j++)
                {
                    features.Add(f.AsSpan(j * d, d).ToArray());
                    samples.Add(set[indices[start + j]].Sample);
                }
            }
        }
        finally { if (wasTraining) network.train(); }
        return ([.. features], [.. samples]);
    }
}
