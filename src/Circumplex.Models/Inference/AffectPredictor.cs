using System.Runtime.InteropServices;
using Circumplex.Affect;
using TorchSharp;
using static TorchSharp.torch;

namespace Circumplex.Models;

/// <summary>
/// Serves one loaded model: float CHW images in, clamped (valence, arousal) out. Load once and share;
/// inference keeps no state, so concurrent calls are safe. The network is folded for inference
/// (<see cref="AffectNetwork.FoldBatchNormForInference"/>), so it is never saved or trained from here.
/// </summary>
public sealed class AffectPredictor : IDisposable
{
    private readonly LoadedModel model;
    private readonly Device device;

    public ModelMetadata Metadata => model.Metadata;
    public int InputSize => model.Metadata.InputSize;
    /// <summary>Floats per image: 3 × InputSize × InputSize, channel-major (R plane, G plane, B plane).</summary>
    public int ImageLength => 3 * InputSize * InputSize;

    private AffectPredictor(LoadedModel model, Device device)
    {
        this.model = model;
        this.device = device;
        model.Network.eval();
        model.Network.FoldBatchNormForInference();
    }

    /// <summary>Loads a model file and makes torch use every core (libtorch's default may be fewer).</summary>
    public static AffectPredictor Load(string path, Device? device = null)
    {
        set_num_threads(Environment.ProcessorCount);
        var target = device ?? CPU;
        return new AffectPredictor(ModelFile.Load(path, target), target);
    }

    /// <summary>Wraps an already loaded model (the predictor takes ownership and folds it for inference).</summary>
    public static AffectPredictor From(LoadedModel model) => new(model, model.Network.parameters().First().device);

    /// <summary>One image, already resized to InputSize and normalised with the metadata's mean and std.</summary>
    public AffectPoint Predict(ReadOnlySpan<float> image) => PredictBatch(image, 1)[0];

    /// <summary><paramref name="count"/> images back to back, each as for <see cref="Predict"/>.</summary>
    public AffectPoint[] PredictBatch(ReadOnlySpan<float> images, int count) => [.. ReadBatch(images, count).Select(r => r.Point)];

    /// <summary>Each image's clamped (valence, arousal) and the expression head's logits (empty without a head).</summary>
    public (AffectPoint Point, float[] Logits)[] ReadBatch(ReadOnlySpan<float> images, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (images.Length != (long)count * ImageLength)
            throw new ArgumentException(
                $"expected {count} image(s) of 3×{InputSize}×{InputSize} = {(long)count * ImageLength} floats, got {images.Length}", nameof(images));

        float[] output;
        using (inference_mode())
        using (NewDisposeScope())
        {
            var batch = empty([count, 3, InputSize, InputSize], ScalarType.Float32);
            MemoryMarshal.AsBytes(images).CopyTo(batch.bytes);
            var result = ModelForward.Run(model.Network, batch.to(device), model.Metadata).cpu();
            output = result.data<float>().ToArray();
        }

        var points = new (AffectPoint, float[])[count];
        int columns = output.Length / count; // 2, or 2 + the expression head's logits
        for (int k = 0; k < count; k++)
        {
            float valence = output[columns * k], arousal = output[columns * k + 1];
            if (!float.IsFinite(valence) || !float.IsFinite(arousal))
                throw new InvalidOperationException(
                    $"the model produced a non-finite estimate ({valence}, {arousal}) for image {k}: check the input for NaN/∞ values");
            points[k] = (new AffectPoint(valence, arousal), output.AsSpan(columns * k + 2, columns - 2).ToArray()); // the point clamps to [-1, 1]
        }
        return points;
    }

    /// <summary>
    /// Converts interleaved RGB bytes (HWC, InputSize × InputSize) into the normalised CHW floats the model
    /// expects, using the model's own statistics.
    /// </summary>
    public float[] Normalise(ReadOnlySpan<byte> rgb)
    {
        int pixels = InputSize * InputSize;
        if (rgb.Length != 3 * pixels)
            throw new ArgumentException($"expected {InputSize}×{InputSize} RGB = {3 * pixels} bytes, got {rgb.Length}", nameof(rgb));
        var mean = Metadata.NormalizationMean;
        var std = Metadata.NormalizationStd;
        var chw = new float[3 * pixels];
        for (int c = 0; c < 3; c++)
        {
            float scale = 1f / (255f * std[c]), offset = mean[c] / std[c];
            var plane = chw.AsSpan(c * pixels, pixels);
            for (int p = 0; p < pixels; p++) plane[p] = rgb[3 * p + c] * scale - offset;
        }
        return chw;
    }

    public void Dispose() => model.Dispose();
}
