namespace Circumplex.Acquisition;

/// <summary>Settings of the Haar-cascade face detector.</summary>
/// <param name="CascadePath">The detection cascade XML (Debian package opencv-data installs it under /usr/share/opencv4/haarcascades/).</param>
/// <param name="MaxDetectionSide">The photo is shrunk so its longest side is at most this before detection (speed); boxes are mapped back.</param>
/// <param name="ScaleFactor">Step between detection scales (detectMultiScale scaleFactor).</param>
/// <param name="MinNeighbors">Overlapping raw detections needed to keep a face (higher = fewer false positives, fewer faces).</param>
/// <param name="MinFaceFraction">Smallest face side, as a fraction of the photo's shorter side (relative, never an absolute pixel minimum).</param>
/// <param name="VerifierCascadePath">
/// A second, independently trained cascade that must also see a face at each candidate (searched only around the
/// candidate, so it is cheap); null disables the check. The default frontal cascade alone fires on some textures
/// (a towel in dlib's dogs.jpg survives minNeighbors 8 at 640 px, where group-photo faces are already lost); alt2
/// with minNeighbors 2 confirms real faces and rejects it.
/// </param>
/// <param name="VerifierMinNeighbors">minNeighbors of the verifier.</param>
/// <param name="QuickDetectionSide">When above 0, first detect on a copy at most this long looking only for faces of at
/// least <paramref name="QuickMinFaceFraction"/>; the full pass runs only when that finds nothing. For webcam shots,
/// where the one big face is what matters; leave 0 to list every face.</param>
/// <param name="QuickMinFaceFraction">Smallest face side of the quick pass, as a fraction of the shorter side.</param>
/// <param name="EveryFace">With a quick pass: run the full pass as well, for the faces the quick pass cannot see; a face
/// both find keeps the quick pass's box, so that it is framed as when only the largest face is wanted.</param>
public sealed record FaceDetectorOptions(
    string CascadePath = FaceDetectorOptions.DefaultCascadePath,
    int MaxDetectionSide = 640,
    double ScaleFactor = 1.1,
    int MinNeighbors = 3,
    double MinFaceFraction = 0.05,
    string? VerifierCascadePath = FaceDetectorOptions.DefaultVerifierCascadePath,
    int VerifierMinNeighbors = 2,
    int QuickDetectionSide = 0,
    double QuickMinFaceFraction = 0.15,
    bool EveryFace = false)
{
    /// <summary>The quick pass's side where analysis uses one (a webcam frame's face is found at 320 px).</summary>
    public const int AnalysisQuickDetectionSide = 320;

    public const string DefaultCascadeDirectory = "/usr/share/opencv4/haarcascades/";
    public const string DefaultCascadeFile = "haarcascade_frontalface_default.xml";
    public const string DefaultCascadePath = DefaultCascadeDirectory + DefaultCascadeFile;
    public const string DefaultVerifierCascadePath = DefaultCascadeDirectory + "haarcascade_frontalface_alt2.xml";

    public static FaceDetectorOptions Default { get; } = new();

    /// <summary>The defaults with both cascades taken from another folder (same file names).</summary>
    public static FaceDetectorOptions InDirectory(string cascadeDirectory) => new(
        CascadePath: Path.Combine(cascadeDirectory, DefaultCascadeFile),
        VerifierCascadePath: Path.Combine(cascadeDirectory, Path.GetFileName(DefaultVerifierCascadePath)));

    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(CascadePath, nameof(CascadePath));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDetectionSide, 48, nameof(MaxDetectionSide));
        if (!(ScaleFactor > 1.0 && ScaleFactor < 2.0))
            throw new ArgumentOutOfRangeException(nameof(ScaleFactor), ScaleFactor, "ScaleFactor must lie in (1, 2).");
        ArgumentOutOfRangeException.ThrowIfNegative(MinNeighbors, nameof(MinNeighbors));
        if (!(MinFaceFraction >= 0 && MinFaceFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(MinFaceFraction), MinFaceFraction, "MinFaceFraction must lie in [0, 1).");
        if (VerifierCascadePath is not null)
            ArgumentException.ThrowIfNullOrWhiteSpace(VerifierCascadePath, nameof(VerifierCascadePath));
        ArgumentOutOfRangeException.ThrowIfNegative(VerifierMinNeighbors, nameof(VerifierMinNeighbors));
        if (QuickDetectionSide != 0) ArgumentOutOfRangeException.ThrowIfLessThan(QuickDetectionSide, 48, nameof(QuickDetectionSide));
        if (!(QuickMinFaceFraction >= 0 && QuickMinFaceFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(QuickMinFaceFraction), QuickMinFaceFraction, "QuickMinFaceFraction must lie in [0, 1).");
    }
}
