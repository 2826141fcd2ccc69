using Circumplex.Models.Networks;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Circumplex.Models.Persistence;

/// <summary>
/// ImageNet weights for <see cref="ResNet18"/>, read from the ONNX export in NuGet's
/// Microsoft.ML.DnnImageFeaturizer.ResNet18 0.24.0 (MIT): a CNTK 2.6 graph whose 110 initializers have opaque names
/// (<c>Parameter10</c>…), so the import follows the graph — stem convolution, then each residual Add back to its two
/// convolutions and optional projection — never the names. The CNTK network reads BGR pixels in 0–255 minus a mean
/// image (its <c>ResNetPreprocess.onnx</c>): the stem's input channels are reversed here so that ours reads RGB, the
/// mean image's per-channel averages become the model's normalisation mean, and its std is torchvision's ImageNet std
/// with the stem's weights multiplied by 255·std per channel — the same function, but the stem's weights keep the
/// scale the optimiser's steps are made for (fed raw 0–255 differences, Adam's first steps wrecked the stem).
/// </summary>
public sealed class ImageNetResNet18
{
    public const string PackageId = "microsoft.ml.dnnimagefeaturizer.resnet18";
    public const string PackageVersion = "0.24.0";
    public const string FileName = "ResNet18.onnx";
    public const string PreprocessFileName = "ResNetPreprocess.onnx";

    private ImageNetResNet18(IReadOnlyDictionary<string, float[]> tensors, IReadOnlyDictionary<string, long[]> shapes, float[] meanRgb, string source)
    {
        Tensors = tensors;
        Shapes = shapes;
        MeanRgb = meanRgb;
        Source = source;
    }

    /// <summary>Backbone tensors under <see cref="ResNet18"/>'s state-dict names (stem already reading RGB).</summary>
    public IReadOnlyDictionary<string, float[]> Tensors { get; }
    public IReadOnlyDictionary<string, long[]> Shapes { get; }
    /// <summary>The CNTK mean image averaged per channel, RGB order, in 0–255.</summary>
    public float[] MeanRgb { get; }
    public string Source { get; }

    /// <summary>Normalisation whose inputs, times 255·std in the stem, are what the network saw on ImageNet: p − m.</summary>
    public float[] NormalizationMean => [.. MeanRgb.Select(m => m / 255f)];
    public static float[] NormalizationStd => [0.229f, 0.224f, 0.225f];

    /// <summary>
    /// Where the ONNX files are: beside the program (the training project copies them to its output as
    /// <c>pretrained/</c>), else in the NuGet package cache that restore filled. Null when neither has them.
    /// </summary>
    public static string? Locate(string fileName = FileName)
    {
        string beside = Path.Combine(AppContext.BaseDirectory, "pretrained", fileName);
        if (File.Exists(beside)) return beside;
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string folder = fileName == FileName ? "ResNet18Onnx" : "ResNetPrepOnnx";
        string cached = Path.Combine(packages, PackageId, PackageVersion, "tools", "DnnImageModels", folder, fileName);
        return File.Exists(cached) ? cached : null;
    }

    /// <summary>Reads the weights (and, from the file beside it, the mean image).</summary>
    public static ImageNetResNet18 Load(string? onnxPath = null)
    {
        onnxPath ??= Locate() ?? throw new FileNotFoundException(
            $"the ImageNet ResNet18 weights ({FileName}) were not found beside the program nor in the NuGet cache; " +
            $"run `dotnet restore` (package {PackageId} {PackageVersion}) or pass the file's path");
        if (!File.Exists(onnxPath)) throw new FileNotFoundException($"no such ONNX file: {onnxPath}", onnxPath);
        string preprocessPath = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(onnxPath)))!, "ResNetPrepOnnx", PreprocessFileName);
        if (!File.Exists(preprocessPath)) preprocessPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(onnxPath))!, PreprocessFileName);
        if (!File.Exists(preprocessPath)) preprocessPath = Locate(PreprocessFileName) ?? throw new FileNotFoundException($"{PreprocessFileName} is not beside {onnxPath}");

        var graph = ReadGraph(onnxPath);
        var (tensors, shapes) = new GraphWalker(graph).Walk();
        var meanImage = ReadMeanImage(preprocessPath);
        return new ImageNetResNet18(tensors, shapes, meanImage, onnxPath);
    }

    /// <summary>Copies the backbone into <paramref name="network"/>; its head keeps its own initialisation.</summary>
    public void ApplyTo(ResNet18 network)
    {
        var assigned = new HashSet<string>();
        using (no_grad())
        {
            foreach (var (name, tensor) in network.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).Concat(network.named_buffers()))
            {
                if (!Tensors.TryGetValue(name, out var values)) continue;
                if (!tensor.shape.SequenceEqual(Shapes[name]))
                    throw new InvalidDataException($"{Source}: {name} has shape [{string.Join(",", Shapes[name])}], the network wants [{string.Join(",", tensor.shape)}]");
                using var source = torch.tensor(values, Shapes[name]);
                tensor.copy_(source);
                assigned.Add(name);
            }
        }
        var missing = Tensors.Keys.Except(assigned).ToList();
        if (missing.Count > 0) throw new InvalidDataException($"{Source}: no place in ResNet18 for {string.Join(", ", missing.Take(5))}");
    }

    private static GraphProto ReadGraph(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return ModelProto.Parser.ParseFrom(stream).Graph ?? throw new InvalidDataException($"{path} holds no graph");
        }
        catch (Google.Protobuf.InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"{path} is not an ONNX model: {e.Message}", e);
        }
    }

    private static float[] ReadMeanImage(string path)
    {
        var graph = ReadGraph(path);
        var mean = graph.Initializer.FirstOrDefault(t => t.Dims.Count == 4 && t.Dims[1] == 3)
            ?? throw new InvalidDataException($"{path} has no 1×3×H×W mean image");
        float[] values = OnnxTensors.Floats(mean);
        int plane = (int)(mean.Dims[2] * mean.Dims[3]);
        // Stored in BGR order (the graph swaps RGB → BGR before subtracting it).
        var bgr = Enumerable.Range(0, 3).Select(c => (float)values.AsSpan(c * plane, plane).ToArray().Average()).ToArray();
        return [bgr[2], bgr[1], bgr[0]];
    }
}
