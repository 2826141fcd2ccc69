namespace Circumplex.Acquisition;

/// <summary>One face ready for the model.</summary>
/// <param name="Face">The detected face box.</param>
/// <param name="Region">The framing square clamped to the photo (the square itself may reach past the edges, which are replicated).</param>
/// <param name="Size">Side of the square input.</param>
/// <param name="Pixels">Normalised RGB values in CHW order (channel, row, column): length 3 × Size × Size.</param>
public sealed record FaceCrop(FaceBox Face, FaceBox Region, int Size, float[] Pixels)
{
    public const int Channels = 3;
}
