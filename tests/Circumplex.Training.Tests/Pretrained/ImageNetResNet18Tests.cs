using Circumplex.Models;
using Circumplex.Models.Networks;
using Circumplex.Models.Persistence;
using Circumplex.Tests;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OpenCvSharp;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Circumplex.Training.Tests.Pretrained;

[Collection(TorchCollection.Name)]
public class ImageNetResNet18Tests
{
    private static string OnnxPath => ImageNetResNet18.Locate()
        ?? throw new InvalidOperationException("ResNet18.onnx is neither beside the tests nor in the NuGet cache: restore brings it");

    /// <summary>A real photo as 1×3×224×224 RGB floats in 0–255, the ONNX preprocessing graph's input.</summary>
    private static float[] RealPhotoRgb224()
    {
        string path = SharedData.Require("photos/face_recognition/obama.jpg");
        using var bgr = Cv2.ImRead(path, ImreadModes.Color);
        using var resized = bgr.Resize(new OpenCvSharp.Size(224, 224), 0, 0, InterpolationFlags.Area);
        var rgb = new float[3 * 224 * 224];
        for (int y = 0; y < 224; y++)
            for (int x = 0; x < 224; x++)
            {
                var p = resized.At<Vec3b>(y, x);
                rgb[(0 * 224 + y) * 224 + x] = p.Item2;
                rgb[(1 * 224 + y) * 224 + x] = p.Item1;
                rgb[(2 * 224 + y) * 224 + x] = p.Item0;
            }
        return rgb;
    }

    private static float[] RunOnnx(string path, string inputName, float[] input)
    {
        using var session = new InferenceSession(path);
        var tensor = new DenseTensor<float>(input, [1, 3, 224, 224]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(inputName, tensor)]);
        return results.First().AsEnumerable<float>().ToArray();
    }

    [Fact]
    public void Imported_weights_reproduce_the_onnx_models_features_on_a_real_photo()
    {
        float[] rgb = RealPhotoRgb224();
        string prep = ImageNetResNet18.Locate(ImageNetResNet18.PreprocessFileName)!;
        float[] bgrMinusMean = RunOnnx(prep, "OriginalInput", rgb);
        float[] expected = RunOnnx(OnnxPath, "Input247", bgrMinusMean);
        Assert.Equal(512, expected.Length);

        var weights = ImageNetResNet18.Load(OnnxPath);
        using var network = new ResNet18(outputs: 2);
        weights.ApplyTo(network);
        network.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        // Ours reads RGB, divided by 255·std (the stem multiplies it back): the same preprocessed pixels.
        var input = torch.tensor(bgrMinusMean, [1, 3, 224, 224]).flip(1) / (torch.tensor(ImageNetResNet18.NormalizationStd, [1, 3, 1, 1]) * 255f);
        float[] actual = network.Features(input).data<float>().ToArray();

        double worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst < 1e-3, $"largest difference {worst:E2} (features up to {expected.Max():0.00})");
        Assert.True(expected.Max() > 0.1, "the reference features should not be all zero");
    }

    [Fact]
    public void The_per_channel_mean_is_close_to_the_mean_image_so_normalised_photos_give_the_same_features()
    {
        float[] rgb = RealPhotoRgb224();
        string prep = ImageNetResNet18.Locate(ImageNetResNet18.PreprocessFileName)!;
        float[] expected = RunOnnx(OnnxPath, "Input247", RunOnnx(prep, "OriginalInput", rgb));

        var weights = ImageNetResNet18.Load(OnnxPath);
        Assert.All(weights.MeanRgb, m => Assert.InRange(m, 60f, 160f));
        using var network = new ResNet18(outputs: 2);
        weights.ApplyTo(network);
        network.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        // What training and analysis feed it: (p/255 − mean)/std with the model's stored normalisation.
        var mean = torch.tensor(weights.NormalizationMean, [1, 3, 1, 1]);
        var std = torch.tensor(ImageNetResNet18.NormalizationStd, [1, 3, 1, 1]);
        var input = (torch.tensor(rgb, [1, 3, 224, 224]) / 255f - mean) / std;
        float[] actual = network.Features(input).data<float>().ToArray();
        double cosine = expected.Zip(actual, (e, a) => (double)e * a).Sum()
            / Math.Sqrt(expected.Sum(e => (double)e * e) * actual.Sum(a => (double)a * a));
        Assert.True(cosine > 0.99, $"cosine similarity {cosine:0.0000}");
    }

    [Fact]
    public void A_file_that_is_not_onnx_gets_a_clear_error()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "not a protobuf at all, just text");
            var e = Assert.ThrowsAny<InvalidDataException>(() => ImageNetResNet18.Load(path));
            Assert.Contains(path, e.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void The_factory_builds_resnet18_in_both_designs_and_the_import_fills_every_backbone_tensor()
    {
        var weights = ImageNetResNet18.Load(OnnxPath);
        using var network = AffectNetworkFactory.Create(Architecture.ResNet18, Design.TwoByOne, 64);
        foreach (var part in network.Networks.Cast<ResNet18>()) weights.ApplyTo(part);
        var backbone = network.Networks[0].named_parameters().Where(p => !p.name.StartsWith("head")).Select(p => p.name).ToList();
        Assert.All(backbone, name => Assert.Contains(name, weights.Tensors.Keys));
        Assert.Equal(110, weights.Tensors.Count(t => !t.Key.EndsWith("num_batches_tracked")));
    }
}
