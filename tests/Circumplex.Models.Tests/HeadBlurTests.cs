using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Circumplex.Models.Tests;

/// <summary>The Gaussian blur of a batch and the head's blurred second reading (<see cref="ModelForward"/>).</summary>
public class HeadBlurTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Blurring_keeps_a_constant_image_and_spreads_an_impulse_by_sigma()
    {
        using var _ = NewDisposeScope();
        var constant = full([2, 3, 32, 32], 0.7f);
        Assert.True(TestInputs.MaxAbsDifference(GaussianBlurring.Blur(constant, 2.5), constant) < 1e-5f);
        var impulse = zeros([1, 1, 41, 41]);
        impulse[0, 0, 20, 20] = tensor(1f);
        var spread = GaussianBlurring.Blur(impulse, 2.0);
        Assert.Equal(1.0, spread.sum().item<float>(), 4); // weight stays inside, far from the border
        // The spread along a row has the standard deviation it was given.
        var row = spread[0, 0].sum(new long[] { 0 }).data<float>().ToArray(); // sum(0) would read 0 as a ScalarType
        double variance = row.Select((w, i) => w * (i - 20.0) * (i - 20.0)).Sum();
        Assert.InRange(Math.Sqrt(variance), 1.95, 2.02); // the kernel ends at 3 sigmas, which trims it a little
        Assert.Equal(0f, TestInputs.MaxAbsDifference(GaussianBlurring.Blur(impulse, 0), impulse));
    }

    [Fact]
    public void Blurring_refuses_what_is_not_a_batch_of_images_or_a_sigma()
    {
        using var flat = zeros([3, 8, 8]);
        Assert.Throws<ArgumentException>(() => GaussianBlurring.Blur(flat, 1));
        using var batch = zeros([1, 3, 8, 8]);
        Assert.Throws<ArgumentOutOfRangeException>(() => GaussianBlurring.Blur(batch, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => GaussianBlurring.Blur(batch, double.NaN));
    }

    [Fact]
    public void The_head_mixes_in_a_blurred_reading_while_valence_and_arousal_stay_those_of_the_image_as_it_is()
    {
        using var network = AffectNetworkFactory.Create(Architecture.ResNet18, Design.OneByTwo, 64, extraOutputs: 8);
        network.eval();
        using var _ = inference_mode();
        using var scope = NewDisposeScope();
        var x = TestInputs.Normal(5, 2, 3, 64, 64);
        var meta = ModelMetadata.For(network) with { HeadBlur = 0.06 };
        var plain = network.forward(x);
        var blurred = network.forward(GaussianBlurring.Blur(x, 0.06 * 64));
        Assert.True(TestInputs.MaxAbsDifference(plain, blurred) > 1e-3f, "a blurred image reads differently");

        Assert.Equal(0f, TestInputs.MaxAbsDifference(ModelForward.Run(network, x, meta with { HeadBlurWeight = 0 }), plain), 6);
        var full = ModelForward.Run(network, x, meta with { HeadBlurWeight = 1 });
        Assert.True(TestInputs.MaxAbsDifference(full.narrow(1, 0, 2), plain.narrow(1, 0, 2)) < 1e-5f);
        Assert.True(TestInputs.MaxAbsDifference(full.narrow(1, 2, 8), blurred.narrow(1, 2, 8)) < 1e-4f);
        var half = ModelForward.Run(network, x, meta with { HeadBlurWeight = 0.5 });
        Assert.True(TestInputs.MaxAbsDifference(half.narrow(1, 2, 8), (plain.narrow(1, 2, 8) + blurred.narrow(1, 2, 8)) / 2) < 1e-4f);
    }

    [Fact]
    public void A_model_file_keeps_its_head_blur_and_refuses_one_out_of_range()
    {
        string path = folder.File("blur.cmodel");
        using (var network = AffectNetworkFactory.Create(Architecture.ResNet18, Design.OneByTwo, 64, extraOutputs: 8))
        {
            ModelFile.Save(path, network, ModelMetadata.For(network) with { HeadBlur = 0.066, HeadBlurWeight = 0.5 });
            Assert.Throws<ArgumentException>(() => ModelFile.Save(folder.File("bad.cmodel"), network, ModelMetadata.For(network) with { HeadBlur = 0.5 }));
            Assert.Throws<ArgumentException>(() => ModelFile.Save(folder.File("bad.cmodel"), network, ModelMetadata.For(network) with { HeadBlurWeight = 1.5 }));
        }
        var meta = ModelFile.ReadMetadata(path);
        Assert.Equal(0.066, meta.HeadBlur);
        Assert.Equal(0.5, meta.HeadBlurWeight);
    }
}
