namespace Circumplex.Acquisition;

/// <summary>Photo bytes in, model-ready faces out (or a <see cref="PhotoRejectedException"/>).</summary>
public interface IFaceAcquisition
{
    FaceAcquisitionResult Acquire(ReadOnlySpan<byte> photo, MultiFaceMode mode = MultiFaceMode.Largest);
}
