namespace Circumplex.Web;

/// <summary>
/// Headers on every response, whatever answers it (the page, the API, an error, the host filter): no framing by any
/// site (CSP frame-ancestors and X-Frame-Options, against clickjacking), no MIME sniffing, no referrer.
/// </summary>
internal static class SecurityHeaders
{
    /// <summary>The page's policy: its own scripts and styles, Spotify's player in frames, never framed itself.</summary>
    public const string PagePolicy =
        "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; frame-src https://open.spotify.com; " +
        "style-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Everything else (JSON, CSV, problems) loads nothing and may not be framed.</summary>
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>
    /// Puts the headers' middleware before every other, including what the host adds through its own startup filters
    /// (such as host filtering, whose 400 would otherwise go out without them).
    /// </summary>
    public static IServiceCollection AddSecurityHeaders(this IServiceCollection services)
    {
        services.Insert(0, ServiceDescriptor.Transient<IStartupFilter, First>());
        return services;
    }

    private sealed class First : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseSecurityHeaders();
            next(app);
        };
    }

    private static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // Set as the response starts, so that answers written by later middleware (or after an error cleared the
        // headers) carry them too.
        context.Response.OnStarting(static state =>
        {
            var h = ((HttpContext)state).Response.Headers;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "no-referrer";
            if (h.ContentSecurityPolicy.Count == 0) h.ContentSecurityPolicy = ApiPolicy;
            return Task.CompletedTask;
        }, context);
        return next(context);
    });
}
