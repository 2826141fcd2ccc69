using System.Text;

namespace Circumplex.Web.Tests;

/// <summary>
/// Writes a YUV4MPEG2 (.y4m) video, the format Chromium's fake camera (--use-file-for-fake-video-capture) plays:
/// header "YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg", then per frame "FRAME\n" and the I420 planes (Y, then U and V
/// at half resolution). RGB → YCbCr uses JPEG's full-range BT.601 coefficients; chroma is averaged over 2×2 pixels.
/// </summary>
public static class Y4mWriter
{
    public static void Write(string path, ReadOnlySpan<byte> rgba, int width, int height, int frames = 10, int fps = 10)
    {
        if (width % 2 != 0 || height % 2 != 0) throw new ArgumentException("I420 needs even width and height");
        if (rgba.Length != width * height * 4) throw new ArgumentException($"expected {width * height * 4} RGBA bytes, got {rgba.Length}");
        var y = new byte[width * height];
        var u = new byte[width * height / 4];
        var v = new byte[width * height / 4];
        for (int row = 0; row < height; row++)
        for (int col = 0; col < width; col++)
        {
            int i = (row * width + col) * 4;
            double r = rgba[i], g = rgba[i + 1], b = rgba[i + 2];
            y[row * width + col] = Clamp(0.299 * r + 0.587 * g + 0.114 * b);
        }
        for (int row = 0; row < height / 2; row++)
        for (int col = 0; col < width / 2; col++)
        {
            double r = 0, g = 0, b = 0;
            for (int dy = 0; dy < 2; dy++)
            for (int dx = 0; dx < 2; dx++)
            {
                int i = ((row * 2 + dy) * width + col * 2 + dx) * 4;
                r += rgba[i]; g += rgba[i + 1]; b += rgba[i + 2];
            }
            r /= 4; g /= 4; b /= 4;
            u[row * (width / 2) + col] = Clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
            v[row * (width / 2) + col] = Clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
        }
        using var f = File.Create(path);
        f.Write(Encoding.ASCII.GetBytes($"YUV4MPEG2 W{width} H{height} F{fps}:1 Ip A1:1 C420jpeg\n"));
        for (int n = 0; n < frames; n++)
        {
            f.Write("FRAME\n"u8);
            f.Write(y);
            f.Write(u);
            f.Write(v);
        }
    }

    private static byte Clamp(double x) => (byte)Math.Clamp((int)Math.Round(x), 0, 255);
}
