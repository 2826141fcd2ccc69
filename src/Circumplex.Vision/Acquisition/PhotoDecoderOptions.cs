namespace Circumplex.Acquisition;

/// <summary>Limits applied to every photo before it is decoded.</summary>
/// <param name="MaxBytes">Largest accepted file, in bytes (default 10 MB).</param>
/// <param name="MaxPixels">Largest accepted width × height, read from the header before decoding (default 40 megapixels).</param>
public sealed record PhotoDecoderOptions(long MaxBytes = PhotoDecoderOptions.DefaultMaxBytes, long MaxPixels = PhotoDecoderOptions.DefaultMaxPixels)
{
    public const long DefaultMaxBytes = 10L * 1024 * 1024;
    public const long DefaultMaxPixels = 40_000_000;

    public static PhotoDecoderOptions Default { get; } = new();

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless both limits are positive.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBytes, 1, nameof(MaxBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPixels, 1, nameof(MaxPixels));
    }
}
