namespace Circumplex.Acquisition;

/// <summary>
/// A photo that cannot be analysed: hostile, broken or unsupported input, or no face in it.
/// <see cref="Reason"/> says which, <see cref="Exception.Message"/> says it in words a user can act on.
/// </summary>
public sealed class PhotoRejectedException : Exception
{
    public PhotoRejectedException(PhotoRejectionReason reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    public PhotoRejectedException(PhotoRejectionReason reason, string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = reason;
    }

    public PhotoRejectionReason Reason { get; }
}
