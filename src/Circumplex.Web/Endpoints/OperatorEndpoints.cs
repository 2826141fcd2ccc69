using System.Text.Json;
using Circumplex.Web.Operator;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;

namespace Circumplex.Web.Endpoints;

/// <summary>The page's operator sign-in: token → an HttpOnly, SameSite=Strict cookie, plus the antiforgery token its writes need.</summary>
internal static class OperatorEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var session = api.MapGroup("/operator/session").WithTags("Operator");

        session.MapGet("", (HttpContext context) => Status(context))
            .WithName("OperatorSession")
            .WithSummary("Whether this browser is signed in as the operator, and (when it is) the antiforgery token for its writes")
            .Produces<OperatorSessionResponse>();

        session.MapPost("", (HttpRequest request) => SignIn(request.HttpContext))
            .WithName("OperatorSignIn")
            .WithSummary("Sign in as the operator with the token: sets an HttpOnly, SameSite=Strict cookie")
            .Produces<OperatorSessionResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        session.MapDelete("", async (HttpRequest request) =>
            {
                await request.HttpContext.SignOutAsync(OperatorAccess.CookieScheme);
                return TypedResults.NoContent();
            })
            .WithName("OperatorSignOut")
            .WithSummary("Sign out: forgets the operator cookie");
    }

    private static IResult Status(HttpContext context) =>
        TypedResults.Ok(new OperatorSessionResponse(context.User.IsOperator(), context.User.IsOperator() ? Antiforgery(context) : null));

    private static string? Antiforgery(HttpContext context) =>
        context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context).RequestToken;

    private static async Task<IResult> SignIn(HttpContext context)
    {
        var request = context.Request;
        if (!request.HasJsonContentType())
            return Problems.Of(StatusCodes.Status415UnsupportedMediaType, "send {\"token\": \"...\"} as JSON (Content-Type: application/json)");
        OperatorSignInRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(request.Body, WebJsonContext.Default.OperatorSignInRequest, context.RequestAborted);
        }
        catch (JsonException)
        {
            return Problems.BadRequest("malformed JSON: send {\"token\": \"...\"}");
        }
        if (string.IsNullOrWhiteSpace(body?.Token)) return Problems.BadRequest("token is required: the operator token that 'circumplex serve' printed the place of");
        var token = context.RequestServices.GetRequiredService<OperatorToken>();
        if (!token.Matches(body.Token.Trim()))
            return Problems.Of(StatusCodes.Status401Unauthorized, "wrong operator token", "Not signed in");
        var principal = OperatorAccess.Principal(OperatorAccess.CookieScheme);
        await context.SignInAsync(OperatorAccess.CookieScheme, principal);
        // The antiforgery token belongs to the signed-in user: issue it for the principal just signed in.
        context.User = principal;
        return TypedResults.Ok(new OperatorSessionResponse(true, Antiforgery(context)));
    }
}
