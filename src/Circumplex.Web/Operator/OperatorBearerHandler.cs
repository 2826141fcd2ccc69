using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Circumplex.Web.Operator;

/// <summary>The operator token for API clients.</summary>
internal sealed class OperatorBearerOptions : AuthenticationSchemeOptions
{
    public OperatorToken? Token { get; set; }
}

/// <summary>
/// <c>Authorization: Bearer TOKEN</c> → the operator. A browser never attaches this header by itself, so requests that
/// carry it cannot be forged by another site (they need no antiforgery token).
/// </summary>
internal sealed class OperatorBearerHandler(IOptionsMonitor<OperatorBearerOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<OperatorBearerOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) return Task.FromResult(AuthenticateResult.NoResult());
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return Task.FromResult(AuthenticateResult.Fail("the Authorization header is not 'Bearer TOKEN'"));
        var token = Options.Token ?? throw new InvalidOperationException("the operator token is not configured");
        if (!token.Matches(header.AsSpan("Bearer ".Length).Trim()))
            return Task.FromResult(AuthenticateResult.Fail("wrong operator token"));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(OperatorAccess.Principal(Scheme.Name), Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = OperatorAccess.BearerChallenge;
        return Task.CompletedTask;
    }
}
