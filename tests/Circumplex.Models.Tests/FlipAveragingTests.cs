using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Circumplex.Models.Tests;

public class FlipAveragingTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Flipping_averages_the_outputs_on_the_image_and_its_mirror_and_off_is_a_plain_forward_pass()
    {
        using var network = AffectNetworkFactory.Create(Architecture.ResNet18, Design.OneByTwo, 64, extraOutputs: 8);
        network.eval();
        using var _ = inference_mode();
        using var x = TestInputs.Normal(7, 3, 3, 64, 64);
        using var plain = network.forward(x);
        using var mirrored = network.forward(x.flip(3));
        using var off = FlipAveraging.Forward(network, x, flip: false);
        using var on = FlipAveraging.Forward(network, x, flip: true);
        Assert.Equal(0f, TestInputs.MaxAbsDifference(off, plain), 6);
        Assert.True(TestInputs.MaxAbsDifference(plain, mirrored) > 1e-4f, "a random network reads a random image and its mirror differently");
        using var expected = (plain + mirrored) / 2;
        Assert.True(TestInputs.MaxAbsDifference(on, expected) < 1e-4f);
    }

    [Fact]
    public void A_model_that_flips_reads_a_face_and_its_mirror_image_alike()
    {
        string path = folder.File("flip.cmodel");
        using (var network = AffectNetworkFactory.Create(Architecture.InvNet50, Design.OneByTwo, 64))
            ModelFile.Save(path, network, ModelMetadata.For(network) with { TestTimeFlip = true });
        using var predictor = AffectPredictor.Load(path);
        Assert.True(predictor.Metadata.TestTimeFlip);
        float[] image, mirror;
        using (var x = TestInputs.Normal(11, 1, 3, 64, 64))
        using (var m = x.flip(3).contiguous())
        {
            image = x.data<float>().ToArray();
            mirror = m.data<float>().ToArray();
        }
        var a = predictor.Predict(image);
        var b = predictor.Predict(mirror);
        Assert.Equal(a.Valence, b.Valence, 4);
        Assert.Equal(a.Arousal, b.Arousal, 4);
    }
}
