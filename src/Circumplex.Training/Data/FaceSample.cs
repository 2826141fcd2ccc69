using Circumplex.Affect;

namespace Circumplex.Training.Data;

/// <summary>A face crop's pixel rectangle inside its image (AffectNet's face_x/face_y/face_width/face_height).</summary>
public readonly record struct FaceBox(int X, int Y, int Width, int Height);

/// <summary>
/// One labelled training face: where its image is (never the pixels themselves: datasets are streamed), and
/// what is known about it. Categorical sets have no valence/arousal; a generic CSV may have no expression.
/// </summary>
public sealed record FaceSample(string ImageKey, double? Valence, double? Arousal, Expression? Expression, FaceBox? Box = null)
{
    public bool HasAffect => Valence is not null && Arousal is not null;
}
