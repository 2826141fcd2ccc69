namespace Circumplex.Music.Journeys;

/// <summary>Match: songs at the listener's point. Lift: a playlist that walks from the listener's point to a target.</summary>
public enum JourneyMode
{
    Match,
    Lift,
}
