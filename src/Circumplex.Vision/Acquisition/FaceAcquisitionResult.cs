namespace Circumplex.Acquisition;

/// <summary>What came out of a photo: its format and size, every face found, and the crops chosen by the mode.</summary>
/// <param name="Faces">All detected faces, largest first (never empty).</param>
/// <param name="Crops">One crop for <see cref="MultiFaceMode.Largest"/>; one per face (up to the limit) otherwise, in <see cref="Faces"/> order.</param>
public sealed record FaceAcquisitionResult(
    PhotoFormat Format,
    int ImageWidth,
    int ImageHeight,
    IReadOnlyList<FaceBox> Faces,
    IReadOnlyList<FaceCrop> Crops,
    MultiFaceMode Mode);
