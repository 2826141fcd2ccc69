using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;

namespace Circumplex.Web.Operator;

/// <summary>
/// Who may do the operator's work (replace the catalog, export feedback, have photos stored, read metrics): an API
/// client with the Bearer token, or the page after signing in with the token (an HttpOnly, SameSite=Strict cookie;
/// its writes also need an antiforgery token). Built from ASP.NET Core's authentication, authorization and antiforgery.
/// </summary>
internal static class OperatorAccess
{
    public const string Policy = "operator";
    public const string BearerScheme = "OperatorBearer";
    public const string CookieScheme = "OperatorCookie";
    private const string SelectingScheme = "Operator";
    public const string Role = "operator";
    public const string CookieName = "circumplex-operator";
    public const string AntiforgeryHeader = "X-CSRF-TOKEN";
    public const string BearerChallenge = "Bearer realm=\"circumplex operator\"";

    public static ClaimsPrincipal Principal(string scheme) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, "operator"), new Claim(ClaimTypes.NameIdentifier, "operator"), new Claim(ClaimTypes.Role, Role)],
        scheme, ClaimTypes.Name, ClaimTypes.Role));

    public static bool IsOperator(this ClaimsPrincipal user) => user.IsInRole(Role);

    /// <summary>Whether the operator came in through the page's cookie (whose writes need an antiforgery token).</summary>
    public static bool ByCookie(this ClaimsPrincipal user) => user.Identity is { IsAuthenticated: true, AuthenticationType: CookieScheme };

    public static IServiceCollection AddOperatorAccess(this IServiceCollection services, OperatorToken token, string dataDirectory)
    {
        // Cookies and antiforgery tokens are sealed with keys kept in the data folder, so instances that share it (and
        // restarts) accept each other's cookies.
        string keys = Path.Combine(dataDirectory, "keys");
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(keys);
        else Directory.CreateDirectory(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        services.AddDataProtection()
            .SetApplicationName("circumplex")
            .PersistKeysToFileSystem(new DirectoryInfo(keys));
        services.AddAuthentication(SelectingScheme)
            .AddPolicyScheme(SelectingScheme, "bearer token or the page's cookie", o =>
                o.ForwardDefaultSelector = ctx => ctx.Request.Headers.Authorization.Count > 0 ? BearerScheme : CookieScheme)
            .AddScheme<OperatorBearerOptions, OperatorBearerHandler>(BearerScheme, o => o.Token = token)
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.Cookie.Path = "/";
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.SlidingExpiration = true;
                // An API answers 401/403, it does not redirect to a login page.
                o.Events.OnRedirectToLogin = ctx =>
                {
                    ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    ctx.Response.Headers.WWWAuthenticate = BearerChallenge;
                    return Task.CompletedTask;
                };
                o.Events.OnRedirectToAccessDenied = ctx => { ctx.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
            });
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.RequireRole(Role));
        services.AddAntiforgery(o =>
        {
            o.HeaderName = AntiforgeryHeader;
            o.Cookie.Name = "circumplex-csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddSingleton(token);
        return services;
    }

    /// <summary>Operator-only routes: the operator's policy, and antiforgery for writes that came with the page's cookie.</summary>
    public static TBuilder RequireOperator<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.RequireAuthorization(Policy);
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && http.User.ByCookie()
                && await AntiforgeryProblem(http) is { } problem)
                return problem;
            return await next(context);
        });
        return builder;
    }

    /// <summary>Null when the request carries a valid antiforgery token in its header, else the problem to answer.</summary>
    public static async Task<IResult?> AntiforgeryProblem(HttpContext http)
    {
        // Only the header is accepted: a token in a form field would make antiforgery read (and buffer) a whole upload.
        if (http.Request.Headers[AntiforgeryHeader].Count == 0)
            return Problems.Of(StatusCodes.Status403Forbidden,
                $"a write signed in by cookie needs the antiforgery token in the {AntiforgeryHeader} header (from GET /api/operator/session)");
        try
        {
            await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http);
            return null;
        }
        catch (AntiforgeryValidationException)
        {
            return Problems.Of(StatusCodes.Status403Forbidden, "the antiforgery token is missing or does not match this sign-in: get a new one from GET /api/operator/session");
        }
    }
}
