using Circumplex.Models;
using Circumplex.Training.Data;
using static TorchSharp.torch;

namespace Circumplex.Training.Evaluation;

/// <summary>How sharp two training sets' network inputs are (median of each image's mean absolute horizontal step in
/// luminance, on [0, 1] pixels), and the Gaussian blur that makes the sharper set look like the blurrier one.</summary>
public sealed record SharpnessMatch(string SharpSet, double SharpMedian, string BlurrySet, double BlurryMedian, double Sigma, int InputSize)
{
    /// <summary>The blur as a fraction of the input side (<see cref="ModelMetadata.HeadBlur"/>).</summary>
    public double Fraction => Sigma / InputSize;
}

/// <summary>
/// Finds out whether a categorical training set (no valence/arousal, e.g. FER2013) is much blurrier than the faces
/// with valence/arousal — the kind the product reads — and if so by how much, as a Gaussian sigma: the blur at which
/// the sharp set's median sharpness equals the blurry set's. The copy of FER2013 train in ../shared/data is such a set
/// (its test images are not), so a head that learned it sees a sharp face as a domain it never saw.
/// </summary>
public static class SharpnessMatching
{
    /// <summary>A set counts as blurry below this share of the sharp set's median sharpness.</summary>
    public const double BlurryRatio = 0.5;
    public const int ImagesPerSet = 256;

    public static SharpnessMatch? Measure(IEnumerable<FaceDataset> trainSets, int inputSize, int seed)
    {
        var sets = trainSets.ToArray();
        var sharp = sets.FirstOrDefault(d => d.HasAffect);
        if (sharp is null) return null;
        using var scope = NewDisposeScope();
        var sharpImages = Sample(sharp, inputSize, seed);
        double sharpMedian = Median(sharpImages);
        var blurriest = sets.Where(d => !d.HasAffect && d.Samples.Count > 0)
            .Select(d => (Set: d, Median: Median(Sample(d, inputSize, seed))))
            .OrderBy(x => x.Median).FirstOrDefault();
        if (blurriest.Set is null || !(blurriest.Median < BlurryRatio * sharpMedian)) return null;
        return SigmaToMatch(sharpImages, blurriest.Median) is double sigma
            ? new SharpnessMatch(sharp.Name, sharpMedian, blurriest.Set.Name, blurriest.Median, sigma, inputSize)
            : null;
    }

    /// <summary>The Gaussian sigma (pixels) at which <paramref name="sharpImages"/>' median sharpness falls to
    /// <paramref name="targetMedian"/>; null when even a quarter of the side's blur leaves them sharper.</summary>
    public static double? SigmaToMatch(Tensor sharpImages, double targetMedian)
    {
        double side = sharpImages.shape[^1];
        // Sharpness falls monotonically with sigma: bisect until the medians agree to 0.1%.
        double low = 0, high = side / 4.0;
        using (var blurriest = GaussianBlurring.Blur(sharpImages, high))
            if (Median(blurriest) > targetMedian) return null;
        while (high - low > 1e-3 * side)
        {
            double mid = (low + high) / 2;
            using var blurred = GaussianBlurring.Blur(sharpImages, mid);
            if (Median(blurred) > targetMedian) low = mid; else high = mid;
        }
        return (low + high) / 2;
    }

    /// <summary>Up to <see cref="ImagesPerSet"/> of a set's images, framed as training frames them, as N×3×S×S in [0, 1].</summary>
    public static Tensor Sample(FaceDataset set, int size, int seed)
    {
        var indices = Enumerable.Range(0, set.Samples.Count).ToArray();
        new Random(seed).Shuffle(indices);
        var chosen = indices.Take(ImagesPerSet).ToArray();
        var pixels = new float[chosen.Length * 3 * size * size];
        Parallel.For(0, chosen.Length, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            var sample = set.Samples[chosen[i]];
            TrainingImageLoader.Load(set.Images.Read(sample.ImageKey), sample.Box, size).CopyTo(pixels, i * 3 * size * size);
        });
        return tensor(pixels, [chosen.Length, 3, size, size]);
    }

    /// <summary>Median over images of the mean absolute difference between horizontally neighbouring luminances.</summary>
    public static double Median(Tensor images)
    {
        using var scope = NewDisposeScope();
        var luminance = Luminance(images);
        var steps = luminance.narrow(2, 1, luminance.shape[2] - 1) - luminance.narrow(2, 0, luminance.shape[2] - 1);
        var perImage = steps.abs().mean([1, 2]).data<float>().ToArray();
        Array.Sort(perImage);
        int n = perImage.Length;
        return n % 2 == 1 ? perImage[n / 2] : (perImage[n / 2 - 1] + perImage[n / 2]) / 2.0;
    }

    /// <summary>BT.601 luma of N×3×H×W RGB images, as N×H×W (a grey image's own value, when its channels are equal).</summary>
    public static Tensor Luminance(Tensor images) => images[.., 0] * 0.299f + images[.., 1] * 0.587f + images[.., 2] * 0.114f;
}
