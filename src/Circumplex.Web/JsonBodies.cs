namespace Circumplex.Web;

/// <summary>
/// Reads a small JSON request body under a byte limit and a time limit, with precise problems: not JSON (415), over
/// the limit (413), trickling in slower than the deadline allows (408), empty (400). The handlers read bodies
/// themselves so that every error names what is wrong.
/// </summary>
internal static class JsonBodies
{
    /// <param name="context">The request's context.</param>
    /// <param name="limit">The largest body accepted, in bytes.</param>
    /// <param name="timeout">How long the whole body may take to arrive.</param>
    /// <param name="what">What the body is, for messages ("the feedback", "the journey request").</param>
    /// <param name="expected">What an empty body should have held.</param>
    public static async Task<(byte[]? Body, IResult? Problem)> ReadAsync(HttpContext context, long limit, TimeSpan timeout, string what, string expected)
    {
        var request = context.Request;
        if (!request.HasJsonContentType())
            return (null, Problems.Of(StatusCodes.Status415UnsupportedMediaType, $"send {what} as JSON (Content-Type: application/json)"));
        if (request.ContentLength > limit)
            return (null, Problems.Of(StatusCodes.Status413PayloadTooLarge, $"{what} is {request.ContentLength} bytes; the limit is {limit}"));
        Uploads.RaiseBodyLimit(context, limit);
        byte[] body;
        using var deadline = Uploads.Deadline(context, timeout);
        try
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[8192];
            int n;
            while ((n = await request.Body.ReadAsync(chunk, deadline.Token)) > 0)
            {
                if (buffer.Length + n > limit)
                    return (null, Problems.Of(StatusCodes.Status413PayloadTooLarge, $"{what} is over the {limit}-byte limit"));
                buffer.Write(chunk, 0, n);
            }
            body = buffer.ToArray();
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Problems.Of(StatusCodes.Status413PayloadTooLarge, $"{what} is over the {limit}-byte limit"));
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            return (null, Uploads.TooSlow(what.StartsWith("the ", StringComparison.Ordinal) ? what[4..] : what, timeout));
        }
        if (body.Length == 0) return (null, Problems.BadRequest($"the request body is empty: send {expected}"));
        return (body, null);
    }

    /// <summary>One sentence about what is wrong with the JSON, without .NET type names.</summary>
    /// <param name="e">What the JSON reader threw.</param>
    /// <param name="expected">The shape the body should have, e.g. "expected {valence, arousal, ...}".</param>
    /// <param name="typeHint">What type each field has, said when one has the wrong type.</param>
    public static string DescribeError(System.Text.Json.JsonException e, string expected, string typeHint)
    {
        string path = e.Path is { Length: > 1 } p ? p.TrimStart('$').TrimStart('.') : "";
        string at = e.LineNumber is long line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
        if (e.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            int open = e.Message.IndexOf('\'');
            int close = open >= 0 ? e.Message.IndexOf('\'', open + 1) : -1;
            string name = close > open ? e.Message[(open + 1)..close] : "?";
            if (path == name) path = "";
            else if (path.EndsWith("." + name, StringComparison.Ordinal)) path = path[..^(name.Length + 1)];
            return $"malformed JSON: unknown property '{name}'{(path.Length > 0 ? " in " + path : "")}; {expected}";
        }
        if (e.Message.Contains("could not be converted", StringComparison.Ordinal))
            return path.Length > 0
                ? $"malformed JSON: {path} has the wrong type{at}; {typeHint}"
                : $"malformed JSON: the body must be an object{at}; {expected}";
        string first = e.Message.Split(". Path:", 2)[0].Split(" LineNumber:", 2)[0].TrimEnd('.');
        return $"malformed JSON{at}: {first}";
    }
}
