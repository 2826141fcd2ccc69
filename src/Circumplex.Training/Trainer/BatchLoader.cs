using System.Collections.Concurrent;
using Circumplex.Training.Augmentation;
using Circumplex.Training.Data;

namespace Circumplex.Training.Trainer;

/// <summary>
/// Decodes, augments and normalises batches on background threads while the network trains on the previous
/// one; a bounded queue keeps memory flat. Each item's random choices come from (seed, epoch, position), so a
/// batch is the same whatever thread made it — which is what makes resumed runs bit-identical.
/// </summary>
public static class BatchLoader
{
    public static IEnumerable<Batch> Batches(TrainingSet set, IReadOnlyList<EpochItem> items, int batchSize, int size,
        float[] mean, float[] std, int seed, int epoch, int threads, CancellationToken ct = default, FramingJitter? framing = null, DomainBlur domainBlur = default,
        WeakAffectTargets? weakTargets = null, double greyscaleShare = 0)
    {
        using var queue = new BlockingCollection<Batch>(boundedCapacity: 3);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var producer = Task.Run(() =>
        {
            try
            {
                for (int start = 0; start < items.Count && !cts.IsCancellationRequested; start += batchSize)
                {
                    int n = Math.Min(batchSize, items.Count - start);
                    queue.Add(Make(set, items, start, n, size, mean, std, seed, epoch, threads, framing, domainBlur, weakTargets, greyscaleShare), cts.Token);
                }
            }
            finally { queue.CompleteAdding(); }
        }, cts.Token);
        try
        {
            foreach (var batch in queue.GetConsumingEnumerable(cts.Token)) yield return batch;
            producer.GetAwaiter().GetResult(); // surface a decoding error instead of a short epoch
        }
        finally
        {
            cts.Cancel();
            try { producer.Wait(); } catch (AggregateException) { } catch (OperationCanceledException) { }
        }
    }

    public static Batch Make(TrainingSet set, IReadOnlyList<EpochItem> items, int start, int n, int size,
        float[] mean, float[] std, int seed, int epoch, int threads, FramingJitter? framing = null, DomainBlur domainBlur = default,
        WeakAffectTargets? weakTargets = null, double greyscaleShare = 0)
    {
        int pixels = 3 * size * size;
        var images = new float[n * pixels];
        var targets = new float[n * 2];
        var mask = new float[n];
        var weak = new float[n];
        var labels = new long[n];
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, j =>
        {
            var item = items[start + j];
            var (dataset, sample) = set[item.SampleIndex];
            float[] chw;
            var rng = new Random(HashCode.Combine(seed, epoch, start + j));
            try
            {
                chw = TrainingImageLoader.Load(dataset.Images.Read(sample.ImageKey), sample.Box, size, framing, rng);
            }
            catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
            {
                throw new InvalidDataException($"{dataset.Name}: {sample.ImageKey}: {e.Message}", e);
            }
            ImageAugmenter.Apply(chw, size, item.Op, rng);
            // Each draw below happens only when its treatment is on, so that runs without it keep their random stream
            // (and resume bit-identically).
            if (greyscaleShare > 0 && rng.NextDouble() < greyscaleShare) ImageAugmenter.Greyscale(chw, size);
            bool blurred = sample.HasAffect && domainBlur.Sigma > 0 && rng.NextDouble() < domainBlur.Share;
            if (blurred) ImageAugmenter.GaussianBlur(chw, size, domainBlur.Sigma, domainBlur.Radius(size));
            TrainingImageLoader.Normalise(chw, size, mean, std);
            chw.CopyTo(images, j * pixels);
            if (sample.HasAffect && !(blurred && domainBlur.HeadOnly))
            {
                targets[2 * j] = (float)sample.Valence!.Value;
                targets[2 * j + 1] = (float)sample.Arousal!.Value;
                mask[j] = 1;
            }
            else if (weakTargets?.For(sample) is { } centre)
            {
                targets[2 * j] = centre.Valence;
                targets[2 * j + 1] = centre.Arousal;
                weak[j] = 1;
            }
            labels[j] = sample.Expression is { } e2 ? (long)e2 : -1;
        });
        return new Batch(n, size, images, targets, mask, labels, weak);
    }
}

/// <summary>The strong blur given to a share of the faces with valence/arousal (<see cref="TrainingOptions.DomainBlur"/>).</summary>
public readonly record struct DomainBlur(double Sigma, double Share, bool HeadOnly = false)
{
    /// <summary>Three sigmas, within the image.</summary>
    public int Radius(int size) => Math.Clamp((int)Math.Ceiling(3 * Sigma), 1, size - 1);
}
