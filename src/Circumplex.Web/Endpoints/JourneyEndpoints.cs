using System.ComponentModel;
using System.Text;
using System.Text.Json;
using Circumplex.Music.Journeys;
using Circumplex.Music.Journeys.Export;

namespace Circumplex.Web.Endpoints;

/// <summary>POST /api/journey: Match and Lift playlists, as JSON or as a file to download (M3U8, CSV).</summary>
internal static class JourneyEndpoints
{
    private const string Expected =
        "expected {from: {valence, arousal}, to?: {valence, arousal}, mode?: \"lift\"|\"match\", count?, maxPerArtist?, filters?: {year?, popularity?, explicit?, genre?}}";
    private const string TypeHint = "valence and arousal are numbers, count and maxPerArtist whole numbers, mode a string, filters an object";

    public static void Map(RouteGroupBuilder api, AppState state)
    {
        api.MapPost("/journey", (HttpRequest request,
                [Description("json (default), m3u8 or csv: m3u8 and csv answer a file to download")] string? format) =>
                Plan(state, request.HttpContext, format))
            .WithName("PlanJourney")
            .WithSummary("A playlist from the listener's (valence, arousal) to a target (Lift) or at the point (Match): songs in playing order, waypoints, largest jump")
            .Produces<JourneyDocument>()
            .Produces<string>(StatusCodes.Status200OK, "audio/x-mpegurl", "text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status408RequestTimeout)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    private static async Task<IResult> Plan(AppState state, HttpContext context, string? formatText)
    {
        JourneyFormat format;
        try
        {
            format = formatText is null ? JourneyFormat.Json : JourneyWriter.ParseFormat(formatText);
        }
        catch (ArgumentException e)
        {
            return Problems.BadRequest("format: " + e.Message);
        }
        var (body, problem) = await JsonBodies.ReadAsync(context, state.Options.MaxJsonBytes, state.Options.BodyTimeout, "the journey request", "a JSON object with from and to or mode");
        if (problem is not null) return problem;
        JourneyRequestBody? dto;
        try
        {
            dto = JsonSerializer.Deserialize(body, WebJsonContext.Default.JourneyRequestBody);
        }
        catch (JsonException e)
        {
            return Problems.BadRequest(JsonBodies.DescribeError(e, Expected, TypeHint));
        }
        if (dto is null) return Problems.BadRequest($"the body is JSON null; {Expected}");
        var (request, bad) = ToRequest(dto);
        if (bad is not null) return bad;
        if (state.Catalog.Current.IsEmpty) return Problems.Of(StatusCodes.Status409Conflict, AppState.EmptyCatalogMessage, "The catalog is empty");

        JourneyDocument document;
        try
        {
            var (journey, songs) = state.Catalog.Plan(request!);
            document = JourneyDocument.Of(journey, songs);
        }
        catch (JourneyFilterException e)
        {
            return Problems.BadRequest($"filters.{e.Field}: {e.Message}");
        }
        if (format == JourneyFormat.Json) return TypedResults.Ok(document);
        var w = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        JourneyWriter.Write(w, document, format);
        string extension = format == JourneyFormat.M3u8 ? "m3u8" : "csv";
        return TypedResults.File(new UTF8Encoding(false).GetBytes(w.ToString()), JourneyWriter.MediaType(format), $"circumplex-{document.Mode}.{extension}");
    }

    /// <summary>The body as the planner takes it, or the problem that names the bad field.</summary>
    private static (JourneyRequest? Request, IResult? Problem) ToRequest(JourneyRequestBody dto)
    {
        if (dto.From is null) return (null, Problems.BadRequest("from is required: the listener's point {valence, arousal}"));
        if (Points.Read(dto.From, "from", out var from) is { } e1) return (null, e1);
        if (Points.Read(dto.To, "to", out var to) is { } e2) return (null, e2);
        JourneyMode mode;
        switch (dto.Mode?.Trim().ToLowerInvariant())
        {
            case null or "lift": mode = JourneyMode.Lift; break;
            case "match" when to is not null: return (null, Problems.BadRequest("to goes with mode \"lift\": a match stays at the from point"));
            case "match": mode = JourneyMode.Match; break;
            default: return (null, Problems.BadRequest($"mode \"{QueryParameters.Shorten(dto.Mode)}\" is neither \"lift\" nor \"match\""));
        }
        int count = dto.Count ?? JourneyRequest.DefaultCount;
        if (count is < 1 or > JourneyRequest.MaxCount) return (null, Problems.BadRequest($"count must lie in 1..{JourneyRequest.MaxCount}, got {count}"));
        int cap = dto.MaxPerArtist ?? 1;
        if (cap < 0) return (null, Problems.BadRequest($"maxPerArtist must be 0 (no cap) or more, got {cap}"));
        JourneyFilter filter;
        try
        {
            filter = JourneyFilter.Parse((dto.Filters ?? []).Select(f => new KeyValuePair<string, string>(f.Key, Text(f.Value))));
        }
        catch (JourneyFilterException e)
        {
            return (null, Problems.BadRequest($"filters.{e.Field}: {e.Message}"));
        }
        return (new JourneyRequest(from!.Value, mode, to, count, cap == 0 ? null : cap, filter), null);
    }

    // Filters may come as strings ("1990-2010"), numbers (1995) or booleans (false).
    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };
}
