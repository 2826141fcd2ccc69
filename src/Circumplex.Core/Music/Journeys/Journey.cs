using Circumplex.Affect;

namespace Circumplex.Music.Journeys;

/// <summary>One song of a journey: its place in the playing order (1-based), the waypoint it was chosen for and how far from it it lies.</summary>
public sealed record JourneyStep(int Number, int Position, string Id, AffectPoint Point, AffectPoint Waypoint, double FromWaypoint);

/// <summary>
/// A planned journey: the songs in playing order, one per waypoint (fewer only when the filters leave fewer songs),
/// from the listener's point to the target. <see cref="TargetByRule"/> says whether the target came from
/// <see cref="LiftTarget"/> rather than from the person.
/// </summary>
public sealed record Journey(
    JourneyMode Mode, AffectPoint From, AffectPoint To, bool TargetByRule,
    IReadOnlyList<AffectPoint> Waypoints, IReadOnlyList<JourneyStep> Steps)
{
    /// <summary>The largest distance between two consecutive songs: how even the steps are (0 with fewer than two songs).</summary>
    public double LargestJump
    {
        get
        {
            double largest = 0;
            for (int i = 1; i < Steps.Count; i++) largest = Math.Max(largest, Steps[i - 1].Point.DistanceTo(Steps[i].Point));
            return largest;
        }
    }
}
