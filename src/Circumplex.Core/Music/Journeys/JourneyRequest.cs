using Circumplex.Affect;

namespace Circumplex.Music.Journeys;

/// <summary>
/// What a journey is asked for. <see cref="To"/> is the target a person picked (Lift only); without it a Lift goes
/// where <see cref="LiftTarget.For"/> says. <see cref="MaxPerArtist"/> null means no cap.
/// </summary>
public sealed record JourneyRequest(
    AffectPoint From,
    JourneyMode Mode = JourneyMode.Lift,
    AffectPoint? To = null,
    int Count = JourneyRequest.DefaultCount,
    int? MaxPerArtist = 1,
    JourneyFilter? Filter = null)
{
    public const int DefaultCount = 10;
    public const int MaxCount = 50;
}
