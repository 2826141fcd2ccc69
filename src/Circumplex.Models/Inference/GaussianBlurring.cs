using TorchSharp;
using static TorchSharp.torch;

namespace Circumplex.Models;

/// <summary>
/// A Gaussian blur of a batch of images (N×C×H×W), separable, with mirrored borders, on whatever device the batch is
/// on. Blurring is linear and its kernel sums to one, so blurring normalised pixels equals normalising blurred ones:
/// the network's input can be blurred after normalisation.
/// </summary>
public static class GaussianBlurring
{
    /// <param name="sigma">Standard deviation in pixels; 0 returns a copy.</param>
    public static Tensor Blur(Tensor images, double sigma)
    {
        if (images.dim() != 4) throw new ArgumentException($"expected N×C×H×W images, got {images.dim()} dimensions", nameof(images));
        if (!(sigma >= 0 && double.IsFinite(sigma))) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "sigma must be a finite number ≥ 0");
        if (sigma == 0) return images.clone();
        long channels = images.shape[1], height = images.shape[2], width = images.shape[3];
        // Three sigmas hold 99.7% of the weight; a mirrored border cannot be wider than the image less one pixel.
        int radius = (int)Math.Min(Math.Ceiling(3 * sigma), Math.Min(height, width) - 1);
        if (radius == 0) return images.clone();
        var weights = new float[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) sum += weights[i + radius] = (float)Math.Exp(-i * i / (2 * sigma * sigma));
        for (int i = 0; i < weights.Length; i++) weights[i] = (float)(weights[i] / sum);
        using var scope = NewDisposeScope();
        var kernel = tensor(weights, [1, 1, 1, weights.Length], images.dtype, images.device).expand(channels, 1, 1, weights.Length);
        var padded = nn.functional.pad(images, [radius, radius, 0, 0], PaddingModes.Reflect);
        var across = nn.functional.conv2d(padded, kernel, groups: channels);
        padded = nn.functional.pad(across, [0, 0, radius, radius], PaddingModes.Reflect);
        var down = nn.functional.conv2d(padded, kernel.transpose(2, 3), groups: channels);
        return down.MoveToOuterDisposeScope();
    }
}
