using OpenCvSharp;

namespace Circumplex.Training.Tests;

/// <summary>Colour noise images: every pixel independent, so sharpness, blur and greyness are easy to tell apart.</summary>
public static class NoiseImages
{
    /// <summary>Writes a size×size noise PNG drawn from <paramref name="seed"/>, Gaussian-blurred when sigma > 0.</summary>
    public static void Write(string path, int size, int seed, double sigma = 0)
    {
        using var img = new Mat(size, size, MatType.CV_8UC3);
        var noise = new byte[3 * size * size];
        new Random(seed).NextBytes(noise);
        System.Runtime.InteropServices.Marshal.Copy(noise, 0, img.Data, noise.Length); // a new Mat is continuous
        if (sigma > 0) Cv2.GaussianBlur(img, img, new Size(0, 0), sigma, sigma, BorderTypes.Reflect101);
        Cv2.ImWrite(path, img);
    }
}
