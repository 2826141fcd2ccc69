using Circumplex.Affect;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Circumplex.Web;

/// <summary>Checks a circumplex point of a JSON body, naming the field in every error ("from.valence is required").</summary>
internal static class Points
{
    /// <summary>Null when the point is absent (<paramref name="point"/> null) or valid; else the problem.</summary>
    public static ProblemHttpResult? Read(PointRequest? request, string field, out AffectPoint? point)
    {
        point = null;
        if (request is null) return null;
        if (request.Valence is not double v) return Problems.BadRequest($"{field}.valence is required: a number in [-1, 1]");
        if (request.Arousal is not double a) return Problems.BadRequest($"{field}.arousal is required: a number in [-1, 1]");
        if (v is < -1 or > 1 || !double.IsFinite(v)) return Problems.BadRequest(FormattableString.Invariant($"{field}.valence must lie in [-1, 1], got {v}"));
        if (a is < -1 or > 1 || !double.IsFinite(a)) return Problems.BadRequest(FormattableString.Invariant($"{field}.arousal must lie in [-1, 1], got {a}"));
        point = new AffectPoint(v, a);
        return null;
    }
}
