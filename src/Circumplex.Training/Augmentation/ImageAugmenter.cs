namespace Circumplex.Training.Augmentation;

/// <summary>
/// The five treatments on an RGB image in [0, 1], CHW float layout (as the network sees it, before normalisation).
/// Parameters follow torchvision's defaults where the paper names a torchvision transform: GaussianBlur kernel 5 with
/// σ ∈ [0.1, 2]; ColorJitter(brightness 0.4, contrast 0.4, saturation 0.4, hue 0.1); RandomErasing(scale 0.02–0.33,
/// ratio 0.3–3.3, random values).
/// </summary>
public static class ImageAugmenter
{
    public static void Apply(float[] chw, int size, AugmentationOp op, Random rng)
    {
        if (chw.Length != 3 * size * size) throw new ArgumentException($"expected 3×{size}×{size} values, got {chw.Length}");
        switch (op)
        {
            case AugmentationOp.Nothing: break;
            case AugmentationOp.HorizontalFlip: FlipHorizontal(chw, size); break;
            case AugmentationOp.GaussianBlur: GaussianBlur(chw, size, 0.1 + rng.NextDouble() * 1.9); break;
            case AugmentationOp.ColorJitter: ColorJitter(chw, size, rng); break;
            case AugmentationOp.RandomErasing: RandomErasing(chw, size, rng); break;
            default: throw new ArgumentOutOfRangeException(nameof(op), op, null);
        }
    }

    public static void FlipHorizontal(float[] chw, int size)
    {
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < size; y++)
                chw.AsSpan((c * size + y) * size, size).Reverse();
    }

    /// <param name="radius">Kernel half-width: 2 (kernel 5) for the paper's treatment; about 3σ for a strong blur.</param>
    public static void GaussianBlur(float[] chw, int size, double sigma, int radius = 2)
    {
        if (radius < 1 || radius >= size) throw new ArgumentOutOfRangeException(nameof(radius), radius, $"the kernel radius must lie in [1, {size - 1}]");
        Span<float> kernel = stackalloc float[2 * radius + 1]; // radius < size ≤ a few hundred pixels
        double sum = 0;
        for (int i = -radius; i <= radius; i++) sum += kernel[i + radius] = (float)Math.Exp(-i * i / (2 * sigma * sigma));
        for (int i = 0; i < kernel.Length; i++) kernel[i] /= (float)sum;
        var tmp = new float[size * size];
        for (int c = 0; c < 3; c++)
        {
            var plane = chw.AsSpan(c * size * size, size * size);
            // Horizontal then vertical pass; borders reflect, as torchvision's blur does.
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++)
                {
                    float acc = 0;
                    for (int k = -radius; k <= radius; k++) acc += kernel[k + radius] * plane[y * size + Reflect(x + k, size)];
                    tmp[y * size + x] = acc;
                }
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++)
                {
                    float acc = 0;
                    for (int k = -radius; k <= radius; k++) acc += kernel[k + radius] * tmp[Reflect(y + k, size) * size + x];
                    plane[y * size + x] = acc;
                }
        }
    }

    private static int Reflect(int i, int n) => i < 0 ? Math.Min(-i, n - 1) : i >= n ? Math.Max(2 * n - 2 - i, 0) : i;

    public static void ColorJitter(float[] chw, int size, Random rng)
    {
        int n = size * size;
        float brightness = (float)(0.6 + rng.NextDouble() * 0.8);
        float contrast = (float)(0.6 + rng.NextDouble() * 0.8);
        float saturation = (float)(0.6 + rng.NextDouble() * 0.8);
        double hue = (rng.NextDouble() * 2 - 1) * 0.1; // fraction of a full turn
        // Hue rotation about the grey axis (the standard RGB rotation matrix), cheap and channel-exact for greys.
        double cosH = Math.Cos(hue * 2 * Math.PI), sinH = Math.Sin(hue * 2 * Math.PI);
        double k1 = (1 - cosH) / 3, k2 = Math.Sqrt(1.0 / 3) * sinH;
        float m00 = (float)(cosH + k1), m01 = (float)(k1 - k2), m02 = (float)(k1 + k2);
        float m10 = (float)(k1 + k2), m11 = (float)(cosH + k1), m12 = (float)(k1 - k2);
        float m20 = (float)(k1 - k2), m21 = (float)(k1 + k2), m22 = (float)(cosH + k1);
        double meanGrey = 0;
        for (int i = 0; i < n; i++) meanGrey += 0.299 * chw[i] + 0.587 * chw[n + i] + 0.114 * chw[2 * n + i];
        float mean = (float)(meanGrey / n) * brightness;
        for (int i = 0; i < n; i++)
        {
            float r = chw[i] * brightness, g = chw[n + i] * brightness, b = chw[2 * n + i] * brightness;
            r = (r - mean) * contrast + mean; g = (g - mean) * contrast + mean; b = (b - mean) * contrast + mean;
            float grey = 0.299f * r + 0.587f * g + 0.114f * b;
            r = grey + (r - grey) * saturation; g = grey + (g - grey) * saturation; b = grey + (b - grey) * saturation;
            chw[i] = Math.Clamp(m00 * r + m01 * g + m02 * b, 0f, 1f);
            chw[n + i] = Math.Clamp(m10 * r + m11 * g + m12 * b, 0f, 1f);
            chw[2 * n + i] = Math.Clamp(m20 * r + m21 * g + m22 * b, 0f, 1f);
        }
    }

    /// <summary>Replaces every pixel by its luma (ITU-R BT.601, as torchvision's Grayscale) in all three channels, so
    /// that a colour face looks like a grey one (FER2013, a webcam in dim light) with the same label.</summary>
    public static void Greyscale(float[] chw, int size)
    {
        int n = size * size;
        if (chw.Length != 3 * n) throw new ArgumentException($"expected 3×{size}×{size} values, got {chw.Length}");
        for (int i = 0; i < n; i++)
        {
            float grey = 0.299f * chw[i] + 0.587f * chw[n + i] + 0.114f * chw[2 * n + i];
            chw[i] = chw[n + i] = chw[2 * n + i] = grey;
        }
    }

    public static void RandomErasing(float[] chw, int size, Random rng)
    {
        int area = size * size;
        for (int attempt = 0; attempt < 10; attempt++)
        {
            double target = area * (0.02 + rng.NextDouble() * 0.31);
            double ratio = Math.Exp(Math.Log(0.3) + rng.NextDouble() * (Math.Log(3.3) - Math.Log(0.3)));
            int h = (int)Math.Round(Math.Sqrt(target * ratio)), w = (int)Math.Round(Math.Sqrt(target / ratio));
            if (h < 1 || w < 1 || h >= size || w >= size) continue;
            int y0 = rng.Next(size - h + 1), x0 = rng.Next(size - w + 1);
            for (int c = 0; c < 3; c++)
                for (int y = y0; y < y0 + h; y++)
                    for (int x = x0; x < x0 + w; x++)
                        chw[(c * size + y) * size + x] = (float)rng.NextDouble();
            return;
        }
    }
}
