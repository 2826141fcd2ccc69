using Circumplex.Training.Augmentation;
using Xunit;

namespace Circumplex.Tests.Training.Augmentation;

public class ImageAugmenterTests
{
    private const int Size = 16;

    private static float[] Gradient()
    {
        var chw = new float[3 * Size * Size];
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < Size; y++)
                for (int x = 0; x < Size; x++)
                    chw[(c * Size + y) * Size + x] = (x + y + c) / (float)(2 * Size + 2);
        return chw;
    }

    [Fact]
    public void Flip_mirrors_rows_and_twice_is_identity()
    {
        var img = Gradient();
        var flipped = (float[])img.Clone();
        ImageAugmenter.FlipHorizontal(flipped, Size);
        Assert.Equal(img[0 * Size + Size - 1], flipped[0]);
        ImageAugmenter.FlipHorizontal(flipped, Size);
        Assert.Equal(img, flipped);
    }

    [Fact]
    public void Blur_keeps_a_constant_image_and_smooths_an_impulse()
    {
        var constant = Enumerable.Repeat(0.5f, 3 * Size * Size).ToArray();
        ImageAugmenter.GaussianBlur(constant, Size, 1.5);
        Assert.All(constant, v => Assert.Equal(0.5f, v, 5));
        var impulse = new float[3 * Size * Size];
        impulse[8 * Size + 8] = 1;
        ImageAugmenter.GaussianBlur(impulse, Size, 1.0);
        Assert.True(impulse[8 * Size + 8] < 0.5f);
        Assert.Equal(1.0f, impulse.Take(Size * Size).Sum(), 4); // mass is kept away from the border
    }

    [Fact]
    public void Erasing_changes_a_rectangle_and_jitter_stays_in_range()
    {
        var img = Gradient();
        var erased = (float[])img.Clone();
        ImageAugmenter.RandomErasing(erased, Size, new Random(1));
        int changed = erased.Zip(img).Count(p => p.First != p.Second);
        Assert.InRange(changed, 3, 3 * Size * Size / 2);

        var jittered = (float[])img.Clone();
        ImageAugmenter.ColorJitter(jittered, Size, new Random(2));
        Assert.All(jittered, v => Assert.InRange(v, 0f, 1f));
        Assert.NotEqual(img, jittered);
    }

    [Fact]
    public void Jitter_leaves_grey_pixels_grey()
    {
        var grey = Enumerable.Repeat(0.4f, 3 * Size * Size).ToArray();
        ImageAugmenter.ColorJitter(grey, Size, new Random(3));
        for (int i = 0; i < Size * Size; i++)
        {
            Assert.Equal(grey[i], grey[Size * Size + i], 4);
            Assert.Equal(grey[i], grey[2 * Size * Size + i], 4);
        }
    }

    [Fact]
    public void Greyscale_gives_every_channel_the_luma_and_keeps_grey_pixels()
    {
        var img = Gradient();
        var grey = (float[])img.Clone();
        ImageAugmenter.Greyscale(grey, Size);
        int n = Size * Size;
        for (int i = 0; i < n; i++)
        {
            float luma = 0.299f * img[i] + 0.587f * img[n + i] + 0.114f * img[2 * n + i];
            Assert.Equal(luma, grey[i], 5);
            Assert.Equal(luma, grey[n + i], 5);
            Assert.Equal(luma, grey[2 * n + i], 5);
        }
        var again = (float[])grey.Clone();
        ImageAugmenter.Greyscale(again, Size);
        for (int i = 0; i < again.Length; i++) Assert.Equal(grey[i], again[i], 5);
        Assert.Throws<ArgumentException>(() => ImageAugmenter.Greyscale(new float[10], Size));
    }
}
