namespace Circumplex.Web.Operator;

/// <summary>
/// Refuses a write (any method but GET, HEAD, OPTIONS) that a browser says comes from another site: by
/// <c>Sec-Fetch-Site</c> when the browser sends it, else by <c>Origin</c>, whose host and port must be the request's
/// Host. Clients that send neither (curl, scripts) are not browsers acting for a visitor and pass. This stops another
/// page from making a visitor's browser upload, vote or send photos here, even as a "no-cors" request.
/// </summary>
internal sealed class SameOriginWrites : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
            return await next(context);
        if (Refusal(request) is { } reason)
            return Problems.Of(StatusCodes.Status403Forbidden, $"cross-origin write refused: {reason}", "Cross-origin request");
        return await next(context);
    }

    internal static string? Refusal(HttpRequest request)
    {
        string? site = request.Headers["Sec-Fetch-Site"];
        // "none": the user typed or bookmarked it; "same-origin": this page. "same-site" is another origin (a sibling
        // subdomain) and "cross-site" another site.
        if (!string.IsNullOrEmpty(site) && site is not ("same-origin" or "none"))
            return $"the browser says this request comes from a {site} page";
        string? origin = request.Headers.Origin;
        if (string.IsNullOrEmpty(origin)) return null;
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var from) || from.Host.Length == 0)
            return $"the request comes from origin '{QueryParameters.Shorten(origin)}', not from this site";
        // The host and port, not the scheme: behind a TLS-terminating proxy the page is https and this server http.
        string authority = from.IsDefaultPort ? from.Host : $"{from.Host}:{from.Port}";
        string host = request.Host.Value ?? "";
        string hostWithoutDefaultPort = host.EndsWith(":80", StringComparison.Ordinal) || host.EndsWith(":443", StringComparison.Ordinal)
            ? host[..host.LastIndexOf(':')]
            : host;
        if (string.Equals(authority, host, StringComparison.OrdinalIgnoreCase) || string.Equals(authority, hostWithoutDefaultPort, StringComparison.OrdinalIgnoreCase))
            return null;
        return $"the request comes from {QueryParameters.Shorten(origin)}, not from {QueryParameters.Shorten(host)}";
    }
}
