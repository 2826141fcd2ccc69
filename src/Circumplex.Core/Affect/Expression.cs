namespace Circumplex.Affect;

/// <summary>AffectNet's eight expression codes, in AffectNet's own order (codes 8–10 are not emotions and never enter here).</summary>
public enum Expression
{
    Neutral = 0,
    Happy = 1,
    Sad = 2,
    Surprise = 3,
    Fear = 4,
    Disgust = 5,
    Anger = 6,
    Contempt = 7,
}

public static class Expressions
{
    public const int Count = 8;

    public static IReadOnlyList<Expression> All { get; } = Enum.GetValues<Expression>();

    public static string Name(this Expression e) => e.ToString().ToLowerInvariant();

    public static bool IsValidCode(int code) => code is >= 0 and < Count;

    /// <summary>Maps the class names used by common datasets (FER2013 folders, AffectNet names) to codes.</summary>
    public static bool TryParse(string name, out Expression expression)
    {
        switch (name.Trim().ToLowerInvariant())
        {
            case "neutral": expression = Expression.Neutral; return true;
            case "happy": case "happiness": expression = Expression.Happy; return true;
            case "sad": case "sadness": expression = Expression.Sad; return true;
            case "surprise": case "surprised": expression = Expression.Surprise; return true;
            case "fear": case "fearful": expression = Expression.Fear; return true;
            case "disgust": case "disgusted": expression = Expression.Disgust; return true;
            case "anger": case "angry": expression = Expression.Anger; return true;
            case "contempt": expression = Expression.Contempt; return true;
            default: expression = default; return false;
        }
    }
}
