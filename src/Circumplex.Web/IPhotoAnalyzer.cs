using Circumplex.Emotion;

namespace Circumplex.Web;

/// <summary>
/// Turns photo bytes into faces and a (valence, arousal) estimate: decode → face detection → crop → affect model.
/// Implemented outside this project (Circumplex.Analysis, with OpenCV + TorchSharp), so the web application never loads native libraries itself.
/// Implementations must be safe to call from several threads at once (the web app bounds how many run concurrently).
/// </summary>
public interface IPhotoAnalyzer
{
    /// <summary>A short human-readable name of the loaded model (e.g. "InvNet50 1×2 plan B, 112 px").</summary>
    string ModelName { get; }

    /// <summary>The decision tree stored with the model, which names the emotion of a (valence, arousal) point.</summary>
    EmotionTree EmotionTree { get; }

    /// <summary>
    /// Analyses one photo held in memory (JPEG, PNG, WebP or BMP).
    /// Throws <see cref="PhotoAnalysisException"/> for a photo that cannot be analysed (no face, not an image,
    /// too many bytes or pixels); any other exception is a server error.
    /// </summary>
    PhotoAnalysis Analyze(byte[] photo, CancellationToken cancellationToken);
}

/// <summary>A face's bounding box in pixels of the original photo (x, y = top-left corner).</summary>
public readonly record struct FaceBox(int X, int Y, int Width, int Height);

/// <summary>
/// The result for one photo: its size, every face found (the one analysed first), the estimate, each value in
/// [-1, 1], and the usual file extension of the format the analyzer recognised (".jpg", ".png", ".webp", ".bmp"),
/// which names the photo when the operator turned photo storage on.
/// </summary>
public sealed record PhotoAnalysis(int ImageWidth, int ImageHeight, IReadOnlyList<FaceBox> Faces, double Valence, double Arousal, string FileExtension);

/// <summary>Why a photo could not be analysed.</summary>
public enum PhotoProblem
{
    /// <summary>The image decoded but no face was found in it (HTTP 422).</summary>
    NoFace,
    /// <summary>The bytes are not an image of a supported format (HTTP 415).</summary>
    NotAnImage,
    /// <summary>The file is larger than allowed (HTTP 413).</summary>
    TooLarge,
    /// <summary>The image has more pixels than allowed, e.g. a decompression bomb (HTTP 413).</summary>
    TooManyPixels,
}

/// <summary>A photo that cannot be analysed, for a reason the user can act on; the message says what to do.</summary>
public sealed class PhotoAnalysisException(PhotoProblem problem, string message, Exception? inner = null) : Exception(message, inner)
{
    public PhotoProblem Problem { get; } = problem;
}
