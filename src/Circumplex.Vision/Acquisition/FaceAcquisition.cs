namespace Circumplex.Acquisition;

/// <summary>
/// The acquisition pipeline: decode → detect → crop + normalise. A photo without a face is refused with
/// <see cref="PhotoRejectionReason.NoFace"/>; the whole photo is never analysed in its place. Thread-safe when its
/// parts are (the ones in this namespace are). Does not own the detector.
/// </summary>
public sealed class FaceAcquisition : IFaceAcquisition
{
    /// <summary>Default cap on crops produced for <see cref="MultiFaceMode.Each"/>/<see cref="MultiFaceMode.Average"/>.</summary>
    public const int DefaultMaxFaces = 32;

    private readonly PhotoDecoder _decoder;
    private readonly IFaceDetector _detector;
    private readonly FacePreprocessor _preprocessor;

    public FaceAcquisition(PhotoDecoder decoder, IFaceDetector detector, FacePreprocessor preprocessor, int maxFaces = DefaultMaxFaces)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        ArgumentNullException.ThrowIfNull(detector);
        ArgumentNullException.ThrowIfNull(preprocessor);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFaces, 1);
        _decoder = decoder;
        _detector = detector;
        _preprocessor = preprocessor;
        MaxFaces = maxFaces;
    }

    /// <summary>At most this many crops are produced in the multi-face modes (largest faces first).</summary>
    public int MaxFaces { get; }

    public FaceAcquisitionResult Acquire(ReadOnlySpan<byte> photo, MultiFaceMode mode = MultiFaceMode.Largest)
    {
        CheckMode(mode);
        using DecodedPhoto decoded = _decoder.Decode(photo);
        return Acquire(decoded, mode);
    }

    /// <summary>Acquires from a photo file (the byte limit is checked before the file is read).</summary>
    public FaceAcquisitionResult AcquireFile(string path, MultiFaceMode mode = MultiFaceMode.Largest)
    {
        CheckMode(mode);
        using DecodedPhoto decoded = _decoder.Decode(path);
        return Acquire(decoded, mode);
    }

    /// <summary>Detects and preprocesses the faces of an already decoded photo (which stays the caller's).</summary>
    public FaceAcquisitionResult Acquire(DecodedPhoto decoded, MultiFaceMode mode = MultiFaceMode.Largest)
    {
        ArgumentNullException.ThrowIfNull(decoded);
        CheckMode(mode);
        IReadOnlyList<FaceBox> faces = _detector.Detect(decoded.Image);
        if (faces.Count == 0)
            throw new PhotoRejectedException(PhotoRejectionReason.NoFace,
                $"No face was found in the {decoded.Width} × {decoded.Height} photo. Face the camera in good light, "
                + "with the whole face in the picture, and try again.");
        IEnumerable<FaceBox> chosen = mode == MultiFaceMode.Largest ? faces.Take(1) : faces.Take(MaxFaces);
        IReadOnlyList<FaceCrop> crops = _preprocessor.PreprocessAll(decoded.Image, chosen);
        return new FaceAcquisitionResult(decoded.Format, decoded.Width, decoded.Height, faces, crops, mode);
    }

    private static void CheckMode(MultiFaceMode mode)
    {
        if (!Enum.IsDefined(mode))
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown multi-face mode.");
    }
}
