using System.ComponentModel;
using Circumplex.Affect;

namespace Circumplex.Web.Endpoints;

/// <summary>GET /api/recommend and GET /api/emotions/regions.</summary>
internal static class RecommendEndpoints
{
    public static void Map(RouteGroupBuilder api, AppState state)
    {
        api.MapGet("/recommend", (
                [Description("Valence in [-1, 1] (negative ↔ positive)")] string? valence,
                [Description("Arousal in [-1, 1] (calm ↔ energetic)")] string? arousal,
                [Description("How many songs, 1..100 (default 5)")] string? k,
                [Description("At most this many songs by one artist (default 1; 0 for no cap)")] string? maxPerArtist) =>
                Recommend(state, valence, arousal, k, maxPerArtist))
            .WithName("Recommend")
            .WithSummary("Match: the k songs nearest to a (valence, arousal) point, each song once (copies under other ids left out), and the emotion named there")
            .Produces<RecommendResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/emotions/regions", () => Regions(state))
            .WithName("EmotionRegions")
            .WithSummary("The emotion the model's decision tree names at each cell of a grid over the circumplex (for drawing its 8 regions)")
            .Produces<RegionsResponse>()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static IResult Regions(AppState state) =>
        state.Namer.Regions() is { } regions
            ? TypedResults.Ok(regions)
            : Problems.Of(StatusCodes.Status503ServiceUnavailable, EmotionNamer.NoModelMessage, "No model loaded");

    private static IResult Recommend(AppState state, string? valence, string? arousal, string? k, string? maxPerArtist)
    {
        if (QueryParameters.Coordinate(valence, "valence", out double v) is { } e1) return e1;
        if (QueryParameters.Coordinate(arousal, "arousal", out double a) is { } e2) return e2;
        if (QueryParameters.K(k, state.Options.MaxK, out int count) is { } e3) return e3;
        if (QueryParameters.ArtistCap(maxPerArtist, out int? cap) is { } e4) return e4;
        var point = new AffectPoint(v, a);
        var songs = state.Catalog.Recommend(point, count, cap);
        if (songs.Length == 0) return Problems.Of(StatusCodes.Status409Conflict, AppState.EmptyCatalogMessage, "The catalog is empty");
        return TypedResults.Ok(new RecommendResponse(point.Valence, point.Arousal, state.Namer.Name(point), SongResult.From(songs)));
    }
}
