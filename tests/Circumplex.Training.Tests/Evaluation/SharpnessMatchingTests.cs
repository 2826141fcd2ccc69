using Circumplex.Affect;
using Circumplex.Training.Augmentation;
using Circumplex.Training.Data;
using Circumplex.Training.Evaluation;
using Circumplex.Training.Trainer;
using Xunit;

namespace Circumplex.Tests.Training.Evaluation;

/// <summary>Finding a blurry categorical set and how blurry it is, and the training blur that imitates it.</summary>
[Collection(Circumplex.Training.Tests.TorchCollection.Name)]
public class SharpnessMatchingTests : IDisposable
{
    private const int Size = 32;
    private readonly string _dir = Directory.CreateTempSubdirectory("circumplex-sharpness-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>Noise images at the input size (so that framing leaves them as they are), blurred by sigma when > 0.</summary>
    private void WriteNoise(string folder, int count, double sigma, int seed)
    {
        Directory.CreateDirectory(folder);
        for (int i = 0; i < count; i++) Circumplex.Training.Tests.NoiseImages.Write(Path.Combine(folder, $"{i}.png"), Size, seed * 1000 + i, sigma);
    }

    private FaceDataset Sharp()
    {
        WriteNoise(Path.Combine(_dir, "sharp"), 40, 0, 1);
        File.WriteAllLines(Path.Combine(_dir, "sharp.csv"),
            ["path,valence,arousal,expression", .. Enumerable.Range(0, 40).Select(i => $"sharp/{i}.png,0.1,0.2,{i % 8}")]);
        return DatasetOpener.Open(Path.Combine(_dir, "sharp.csv"));
    }

    private FaceDataset Categorical(string name, double sigma)
    {
        WriteNoise(Path.Combine(_dir, name, "happy"), 40, sigma, 2);
        return DatasetOpener.Open(Path.Combine(_dir, name));
    }

    [Fact]
    public void The_blur_of_a_blurry_categorical_set_is_found_from_its_images()
    {
        using var sharp = Sharp();
        using var blurry = Categorical("blurry", 1.5);
        var match = SharpnessMatching.Measure([sharp, blurry], Size, seed: 1);
        Assert.NotNull(match);
        Assert.Equal("blurry", Path.GetFileName(match.BlurrySet.TrimEnd('/')));
        Assert.True(match.BlurryMedian < SharpnessMatching.BlurryRatio * match.SharpMedian);
        Assert.InRange(match.Sigma, 1.35, 1.65);
        Assert.Equal(match.Sigma / Size, match.Fraction, 12);
    }

    [Fact]
    public void The_sigma_that_matches_a_target_sharpness_undoes_a_known_blur_and_an_unreachable_target_gives_none()
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        TorchSharp.torch.manual_seed(5);
        var images = TorchSharp.torch.rand(16, 3, Size, Size);
        double target = SharpnessMatching.Median(Circumplex.Models.GaussianBlurring.Blur(images, 2.0));
        Assert.InRange(SharpnessMatching.SigmaToMatch(images, target)!.Value, 1.9, 2.1);
        Assert.Null(SharpnessMatching.SigmaToMatch(images, 0));
    }

    [Fact]
    public void Sets_equally_sharp_or_without_valence_and_arousal_give_no_blur()
    {
        using var sharp = Sharp();
        using var alike = Categorical("alike", 0);
        Assert.Null(SharpnessMatching.Measure([sharp, alike], Size, seed: 1));
        using var blurry = Categorical("blurry", 1.5);
        Assert.Null(SharpnessMatching.Measure([blurry], Size, seed: 1));
    }

    [Fact]
    public void Domain_blur_blurs_the_share_of_faces_with_valence_and_arousal_and_off_changes_nothing()
    {
        using var sharp = Sharp();
        using var categorical = Categorical("other", 0);
        var set = new TrainingSet(sharp, categorical);
        var items = Enumerable.Range(0, set.Count).Select(i => new EpochItem(i, AugmentationOp.Nothing)).ToArray();
        float[] mean = [0, 0, 0], std = [1, 1, 1];
        var plain = BatchLoader.Make(set, items, 0, items.Length, Size, mean, std, seed: 3, epoch: 0, threads: 2);
        var off = BatchLoader.Make(set, items, 0, items.Length, Size, mean, std, seed: 3, epoch: 0, threads: 2, domainBlur: new DomainBlur(0, 1));
        Assert.Equal(plain.Images, off.Images);
        var all = BatchLoader.Make(set, items, 0, items.Length, Size, mean, std, seed: 3, epoch: 0, threads: 2, domainBlur: new DomainBlur(1.5, 1));
        int pixels = 3 * Size * Size;
        for (int i = 0; i < items.Length; i++)
        {
            var before = plain.Images.AsSpan(i * pixels, pixels);
            var after = all.Images.AsSpan(i * pixels, pixels);
            if (set[i].Sample.HasAffect) Assert.True(Roughness(after) < 0.5 * Roughness(before), $"face {i} has (v, a) and is blurred");
            else Assert.True(after.SequenceEqual(before), $"face {i} has no (v, a) and is left alone");
        }
    }

    [Fact]
    public void Blurred_faces_can_teach_the_head_alone()
    {
        using var sharp = Sharp();
        var set = new TrainingSet(sharp);
        var items = Enumerable.Range(0, set.Count).Select(i => new EpochItem(i, AugmentationOp.Nothing)).ToArray();
        float[] mean = [0, 0, 0], std = [1, 1, 1];
        var half = BatchLoader.Make(set, items, 0, items.Length, Size, mean, std, seed: 3, epoch: 0, threads: 2, domainBlur: new DomainBlur(1.5, 0.5, HeadOnly: true));
        var plain = BatchLoader.Make(set, items, 0, items.Length, Size, mean, std, seed: 3, epoch: 0, threads: 2);
        int pixels = 3 * Size * Size, blurred = 0;
        for (int i = 0; i < items.Length; i++)
        {
            bool wasBlurred = !half.Images.AsSpan(i * pixels, pixels).SequenceEqual(plain.Images.AsSpan(i * pixels, pixels));
            blurred += wasBlurred ? 1 : 0;
            Assert.Equal(wasBlurred ? 0f : 1f, half.AffectMask[i]);
            Assert.Equal(plain.Labels[i], half.Labels[i]); // the expression still teaches the head
            if (!wasBlurred) Assert.Equal(plain.Targets.AsSpan(2 * i, 2).ToArray(), half.Targets.AsSpan(2 * i, 2).ToArray());
        }
        Assert.InRange(blurred, 10, 30); // about half of 40
    }

    [Fact]
    public void A_strong_blur_needs_a_kernel_radius_inside_the_image()
    {
        var img = new float[3 * Size * Size];
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageAugmenter.GaussianBlur(img, Size, 4, radius: Size));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageAugmenter.GaussianBlur(img, Size, 4, radius: 0));
        Assert.Equal(Size - 1, new DomainBlur(100, 1).Radius(Size));
        Assert.Equal(5, new DomainBlur(1.5, 1).Radius(Size));
    }

    private static double Roughness(ReadOnlySpan<float> chw)
    {
        double sum = 0;
        for (int y = 0; y < Size; y++)
            for (int x = 1; x < Size; x++) sum += Math.Abs(chw[y * Size + x] - chw[y * Size + x - 1]);
        return sum;
    }
}
