using Microsoft.AspNetCore.Http.HttpResults;

namespace Circumplex.Web;

/// <summary>RFC 9457 problem+json answers with one precise sentence in <c>detail</c>.</summary>
internal static class Problems
{
    public static ProblemHttpResult Of(int status, string detail, string? title = null, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title ?? DefaultTitle(status), extensions: extensions);

    public static ProblemHttpResult BadRequest(string detail) => Of(StatusCodes.Status400BadRequest, detail);

    public static string DefaultTitle(int status) => status switch
    {
        400 => "Bad request",
        403 => "Forbidden",
        404 => "Not found",
        408 => "Request timeout",
        409 => "Conflict",
        413 => "Content too large",
        415 => "Unsupported media type",
        422 => "Unprocessable content",
        429 => "Too many requests",
        503 => "Service unavailable",
        _ => "Error",
    };
}
