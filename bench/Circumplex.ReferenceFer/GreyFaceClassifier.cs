using Circumplex.Affect;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Circumplex.ReferenceFer;

/// <summary>
/// A FER2013 classifier in the convention of oarriaga/face_classification (its mini-Xception, as exported to ONNX in
/// ../shared/models): one 48×48 grey face as N×48×48×1 in [−1, 1], seven softmax outputs in the order angry, disgust,
/// fear, happy, sad, surprise, neutral.
/// </summary>
public sealed class GreyFaceClassifier : IDisposable
{
    public const int Side = 48;

    public static IReadOnlyList<Expression> OutputOrder { get; } =
        [Expression.Anger, Expression.Disgust, Expression.Fear, Expression.Happy, Expression.Sad, Expression.Surprise, Expression.Neutral];

    private readonly InferenceSession session;
    private readonly string inputName;

    public GreyFaceClassifier(string onnxPath)
    {
        if (!File.Exists(onnxPath)) throw new FileNotFoundException($"reference model not found: {onnxPath}", onnxPath);
        session = new InferenceSession(onnxPath);
        var input = session.InputMetadata.Single();
        int[] shape = input.Value.Dimensions;
        if (shape.Length != 4 || shape[1] != Side || shape[2] != Side || shape[3] != 1)
            throw new InvalidDataException($"{onnxPath}: expected one N×{Side}×{Side}×1 input, found {input.Key} [{string.Join("×", shape)}]");
        inputName = input.Key;
    }

    /// <summary>Class probabilities (in <see cref="OutputOrder"/>) of N grey faces given as N×48×48 luminances in [0, 1].</summary>
    public float[][] Classify(float[] luminance, int count)
    {
        if (luminance.Length != count * Side * Side) throw new ArgumentException($"expected {count}×{Side}×{Side} values, got {luminance.Length}", nameof(luminance));
        // face_classification's preprocess_input(v2=True): x/255, then (x − 0.5) × 2.
        var input = new DenseTensor<float>(luminance.Select(v => (v - 0.5f) * 2f).ToArray(), [count, Side, Side, 1]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(inputName, input)]);
        var output = results.First().AsEnumerable<float>().ToArray();
        int classes = output.Length / count;
        if (classes != OutputOrder.Count) throw new InvalidDataException($"expected {OutputOrder.Count} outputs per face, got {classes}");
        return [.. Enumerable.Range(0, count).Select(i => output.AsSpan(i * classes, classes).ToArray())];
    }

    public void Dispose() => session.Dispose();
}
