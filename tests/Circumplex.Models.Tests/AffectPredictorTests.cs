using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Circumplex.Models.Tests;

public class AffectPredictorTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private string SaveModel(float headBias = float.NaN)
    {
        using var network = AffectNetworkFactory.Create(Architecture.InvNet50, Design.OneByTwo, 64);
        if (!float.IsNaN(headBias))
            using (no_grad())
                network.named_parameters().Single(p => p.name.EndsWith("head.bias")).parameter.fill_(headBias);
        string path = folder.File("predictor.cmodel");
        ModelFile.Save(path, network, ModelMetadata.For(network));
        return path;
    }

    private static float[] Images(int count, int seed)
    {
        using var scope = NewDisposeScope();
        return TestInputs.Normal(seed, count, 3, 64, 64).data<float>().ToArray();
    }

    [Fact]
    public void Predicts_one_point_per_image_the_same_alone_or_in_a_batch()
    {
        using var predictor = AffectPredictor.Load(SaveModel());
        Assert.Equal(64, predictor.InputSize);
        Assert.Equal(3 * 64 * 64, predictor.ImageLength);
        float[] images = Images(2, 50);
        var batch = predictor.PredictBatch(images, 2);
        Assert.Equal(2, batch.Length);
        var first = predictor.Predict(images.AsSpan(0, predictor.ImageLength));
        Assert.Equal(batch[0].Valence, first.Valence, 5);
        Assert.Equal(batch[0].Arousal, first.Arousal, 5);
    }

    [Fact]
    public void Estimates_are_clamped_to_the_circumplex_square()
    {
        using var predictor = AffectPredictor.Load(SaveModel(headBias: 50f));
        var point = predictor.Predict(Images(1, 51));
        Assert.Equal(1.0, point.Valence);
        Assert.Equal(1.0, point.Arousal);
    }

    [Fact]
    public void Wrongly_sized_input_is_refused()
    {
        using var predictor = AffectPredictor.Load(SaveModel());
        var e = Assert.Throws<ArgumentException>(() => predictor.Predict(new float[100]));
        Assert.Contains("12288", e.Message);
        Assert.Throws<ArgumentException>(() => predictor.PredictBatch(Images(1, 52), 2));
    }

    [Fact]
    public void Non_finite_input_gives_a_clear_error_not_a_nan_point()
    {
        using var predictor = AffectPredictor.Load(SaveModel());
        float[] image = Images(1, 53);
        image[7] = float.NaN;
        Assert.Throws<InvalidOperationException>(() => predictor.Predict(image));
    }

    [Fact]
    public void Normalise_uses_the_models_statistics_channel_by_channel()
    {
        using var predictor = AffectPredictor.Load(SaveModel());
        byte[] rgb = new byte[3 * 64 * 64];
        rgb[0] = 255; rgb[1] = 0; rgb[2] = 128;                  // first pixel
        float[] chw = predictor.Normalise(rgb);
        var mean = ModelMetadata.ImageNetMean;
        var std = ModelMetadata.ImageNetStd;
        Assert.Equal((1f - mean[0]) / std[0], chw[0], 4);           // R plane, pixel 0
        Assert.Equal((0f - mean[1]) / std[1], chw[64 * 64], 4);     // G plane, pixel 0
        Assert.Equal((128f / 255f - mean[2]) / std[2], chw[2 * 64 * 64], 4);
        Assert.Equal((0f - mean[0]) / std[0], chw[1], 4);           // R plane, pixel 1
    }
}
