namespace Circumplex.Feedback;

/// <summary>
/// The user-experience survey of the paper (Section 8): four statements rated on a 5-point Likert scale from
/// 1 (strongly disagree) to 5 (strongly agree). The wording is the paper's, verbatim.
/// </summary>
public static class LikertSurvey
{
    public const int Min = 1;
    public const int Max = 5;

    public static IReadOnlyList<string> Statements { get; } =
    [
        "I prefer listening to music that matches my mood closely.",
        "I prefer listening to music that helps improve my mood (i.e., calm me down when I am angry, cheer me when I am sad, etc.)",
        "Most of the time, my emotion falls into one and only one of the listed categories without overlapping.",
        "If possible, I wanted to adjust the emotion before getting the song recommendations.",
    ];

    public static IReadOnlyList<string> ScaleLabels { get; } =
        ["strongly disagree", "disagree", "neither agree nor disagree", "agree", "strongly agree"];
}
