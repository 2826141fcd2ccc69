using System.Text;
using System.Text.Json;
using Circumplex.Affect;
using Circumplex.Feedback;
using Circumplex.Web.Operator;

namespace Circumplex.Web.Endpoints;

/// <summary>POST /api/feedback and GET /api/feedback/export.</summary>
internal static class FeedbackEndpoints
{
    private const string Expected =
        "expected {valence, arousal, source?, emotion?, songs?: [{songId, vote}], survey?: {q1..q4}, mode?, target?: {valence, arousal}, session?, after?: {valence, arousal}}";
    private const string TypeHint = "valence and arousal are numbers, vote is \"up\" or \"down\", q1..q4 are whole numbers 1–5";

    public static void Map(RouteGroupBuilder api, AppState state)
    {
        var feedback = api.MapGroup("/feedback").WithTags("Feedback");
        feedback.MapPost("", (HttpRequest request) => Submit(state, request.HttpContext))
            .WithName("SubmitFeedback")
            .WithSummary("Store thumbs up/down for songs and/or the four-statement survey (1–5), with the (valence, arousal) they refer to")
            .Produces<FeedbackResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status408RequestTimeout)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireRateLimiting(ClientRateLimits.Feedback);

        feedback.MapGet("/export", () => Export(state))
            .RequireOperator()
            .WithName("ExportFeedback")
            .WithSummary("All feedback as CSV: one row per song vote and one per survey")
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
    }

    private static async Task<IResult> Submit(AppState state, HttpContext context)
    {
        var (body, problem) = await JsonBodies.ReadAsync(context, state.Options.MaxJsonBytes, state.Options.BodyTimeout, "the feedback",
            "a JSON object with valence, arousal and songs, survey and/or after");
        if (problem is not null) return problem;

        FeedbackRequest? dto;
        try
        {
            dto = JsonSerializer.Deserialize(body, WebJsonContext.Default.FeedbackRequest);
        }
        catch (JsonException e)
        {
            return Problems.BadRequest(JsonBodies.DescribeError(e, Expected, TypeHint));
        }
        if (dto is null) return Problems.BadRequest("the body is JSON null: send an object with valence, arousal and songs and/or survey");
        if (dto.Valence is not double v) return Problems.BadRequest("valence is required: the valence of the point the feedback refers to, in [-1, 1]");
        if (dto.Arousal is not double a) return Problems.BadRequest("arousal is required: the arousal of the point the feedback refers to, in [-1, 1]");
        if (v is < -1 or > 1 || !double.IsFinite(v)) return Problems.BadRequest(FormattableString.Invariant($"valence must lie in [-1, 1], got {v}"));
        if (a is < -1 or > 1 || !double.IsFinite(a)) return Problems.BadRequest(FormattableString.Invariant($"arousal must lie in [-1, 1], got {a}"));

        var votes = new List<SongVote>();
        foreach (var (s, i) in (dto.Songs ?? []).Select((s, i) => (s, i)))
        {
            if (s is null) return Problems.BadRequest($"songs[{i}] is null");
            if (string.IsNullOrWhiteSpace(s.SongId)) return Problems.BadRequest($"songs[{i}].songId is required");
            Vote vote;
            switch (s.Vote?.Trim().ToLowerInvariant())
            {
                case "up" or "+1" or "1": vote = Vote.Up; break;
                case "down" or "-1": vote = Vote.Down; break;
                default: return Problems.BadRequest($"songs[{i}].vote must be \"up\" or \"down\", got {(s.Vote is null ? "nothing" : "\"" + QueryParameters.Shorten(s.Vote) + "\"")}");
            }
            votes.Add(new SongVote(s.SongId.Trim(), vote));
        }
        var survey = dto.Survey is { } q ? new SurveyAnswers(q.Q1, q.Q2, q.Q3, q.Q4) : null;
        if (Points.Read(dto.Target, "target", out var target) is { } e1) return e1;
        if (Points.Read(dto.After, "after", out var after) is { } e2) return e2;
        var submission = new FeedbackSubmission(AffectPoint.Strict(v, a), dto.Source?.Trim().ToLowerInvariant() ?? FeedbackSources.Photo,
            string.IsNullOrWhiteSpace(dto.Emotion) ? null : dto.Emotion.Trim().ToLowerInvariant(), votes, survey,
            dto.Mode?.Trim().ToLowerInvariant(), target, dto.Session, after);
        try
        {
            submission.Validate();
        }
        catch (ArgumentException e)
        {
            return Problems.BadRequest(e is ArgumentOutOfRangeException { ParamName: not null } ? e.Message.Split(" (Parameter '")[0] : e.Message);
        }
        foreach (var vote in votes)
            if (!state.Catalog.Exists(vote.SongId))
                return Problems.Of(StatusCodes.Status409Conflict,
                    $"song {vote.SongId} is not in the catalog (any more): the catalog may have been replaced since the songs were shown; get new songs and vote on those",
                    "Song no longer in the catalog", new Dictionary<string, object?> { ["songId"] = vote.SongId });

        var receipt = state.Feedback.Add(submission);
        return TypedResults.Created($"/api/feedback/export#submission-{receipt.SubmissionId}",
            new FeedbackResponse(receipt.SubmissionId, receipt.CreatedAt, receipt.Votes, receipt.Survey));
    }

    private static IResult Export(AppState state)
    {
        var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        state.Feedback.ExportCsv(writer);
        return TypedResults.File(new UTF8Encoding(false).GetBytes(writer.ToString()), "text/csv; charset=utf-8", "circumplex-feedback.csv");
    }
}
