using Circumplex.Training.Augmentation;
using Circumplex.Training.Data;
using Circumplex.Training.Trainer;
using Xunit;

namespace Circumplex.Tests.Training.Trainer;

/// <summary>The greyscale share of training faces: how many turn grey, and that off changes nothing.</summary>
[Collection(Circumplex.Training.Tests.TorchCollection.Name)]
public class BatchLoaderGreyscaleTests : IDisposable
{
    private const int Size = 24, Faces = 60;
    private readonly string _dir = Directory.CreateTempSubdirectory("circumplex-greyscale-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private FaceDataset ColourFaces()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "faces"));
        for (int i = 0; i < Faces; i++) Circumplex.Training.Tests.NoiseImages.Write(Path.Combine(_dir, "faces", $"{i}.png"), Size, seed: i);
        File.WriteAllLines(Path.Combine(_dir, "faces.csv"),
            ["path,valence,arousal,expression", .. Enumerable.Range(0, Faces).Select(i => $"faces/{i}.png,0.1,0.2,{i % 8}")]);
        return DatasetOpener.Open(Path.Combine(_dir, "faces.csv"));
    }

    private static bool IsGrey(ReadOnlySpan<float> chw)
    {
        int n = Size * Size;
        for (int i = 0; i < n; i++)
            if (Math.Abs(chw[i] - chw[n + i]) > 1e-5 || Math.Abs(chw[i] - chw[2 * n + i]) > 1e-5) return false;
        return true;
    }

    [Fact]
    public void A_share_of_the_faces_turns_grey_with_its_labels_kept_and_zero_changes_nothing()
    {
        using var faces = ColourFaces();
        var set = new TrainingSet(faces);
        var items = Enumerable.Range(0, set.Count).Select(i => new EpochItem(i, AugmentationOp.Nothing)).ToArray();
        float[] mean = [0, 0, 0], std = [1, 1, 1];
        var plain = BatchLoader.Make(set, items, 0, items.Length, Size, mean, std, seed: 3, epoch: 0, threads: 2);
        var off = BatchLoader.Make(set, items, 0, items.Length, Size, mean, std, seed: 3, epoch: 0, threads: 2, greyscaleShare: 0);
        Assert.Equal(plain.Images, off.Images);
        var some = BatchLoader.Make(set, items, 0, items.Length, Size, mean, std, seed: 3, epoch: 0, threads: 2, greyscaleShare: 0.3);
        int pixels = 3 * Size * Size, grey = 0;
        for (int i = 0; i < items.Length; i++)
        {
            var before = plain.Images.AsSpan(i * pixels, pixels);
            var after = some.Images.AsSpan(i * pixels, pixels);
            Assert.False(IsGrey(before), $"face {i} is coloured noise");
            if (IsGrey(after)) grey++;
            else Assert.True(after.SequenceEqual(before), $"face {i} is either grey or untouched");
            Assert.Equal(plain.Labels[i], some.Labels[i]);
            Assert.Equal(plain.AffectMask[i], some.AffectMask[i]);
            Assert.Equal(plain.Targets.AsSpan(2 * i, 2).ToArray(), some.Targets.AsSpan(2 * i, 2).ToArray());
        }
        Assert.InRange(grey, 8, 30); // about 18 of 60
        var all = BatchLoader.Make(set, items, 0, items.Length, Size, mean, std, seed: 3, epoch: 0, threads: 2, greyscaleShare: 1);
        for (int i = 0; i < items.Length; i++) Assert.True(IsGrey(all.Images.AsSpan(i * pixels, pixels)), $"face {i} is grey at share 1");
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void A_share_outside_zero_to_one_is_refused(double share)
    {
        var error = Assert.Throws<ArgumentException>(new TrainingOptions { GreyscaleShare = share }.Validate);
        Assert.Contains("greyscale share", error.Message);
    }
}
