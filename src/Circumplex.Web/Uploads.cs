using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Circumplex.Web;

/// <summary>How reading an uploaded file ended.</summary>
internal enum UploadStatus { Ok, NoFile, Empty, TooLarge, Malformed, UnsupportedMediaType }

/// <summary>An uploaded file's name and what reading it produced (<see cref="Message"/> explains a failure).</summary>
internal readonly record struct UploadRead(UploadStatus Status, string? FileName, long Length, string? Message);

/// <summary>
/// Streams one uploaded file out of a request, multipart/form-data (the first file field, or <c>preferredField</c>
/// when present) or a raw body, into a sink while enforcing a byte limit. Never buffers to temporary files itself.
/// </summary>
internal static class Uploads
{
    private const long MultipartOverhead = 64 * 1024;

    public static void RaiseBodyLimit(HttpContext context, long fileLimit)
    {
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false }) feature.MaxRequestBodySize = fileLimit + MultipartOverhead;
    }

    public static async Task<UploadRead> ReadAsync(
        HttpRequest request, long limit, Func<string?, Stream> openSink, bool allowRawBody, string[] rawMediaTypes, CancellationToken ct)
    {
        if (request.ContentLength is long declared && declared > limit + MultipartOverhead)
            return new UploadRead(UploadStatus.TooLarge, null, declared, $"the request is {Describe(declared)}; the limit is {Describe(limit)}");
        RaiseBodyLimit(request.HttpContext, limit);
        try
        {
            if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType))
                return request.ContentLength is null or 0 && request.ContentType is null
                    ? new UploadRead(UploadStatus.NoFile, null, 0, null)
                    : new UploadRead(UploadStatus.UnsupportedMediaType, null, 0, $"content type '{request.ContentType}' is not understood");
            if (mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
                return await ReadMultipartAsync(request, mediaType, limit, openSink, ct);
            if (allowRawBody && rawMediaTypes.Any(t => t.EndsWith('/')
                    ? mediaType.MediaType.StartsWith(t, StringComparison.OrdinalIgnoreCase)
                    : mediaType.MediaType.Equals(t, StringComparison.OrdinalIgnoreCase)))
            {
                await using var sink = openSink(null);
                long n = await CopyLimitedAsync(request.Body, sink, limit, ct);
                if (n < 0) return new UploadRead(UploadStatus.TooLarge, null, -n, $"the file is over the {Describe(limit)} limit");
                return n == 0 ? new UploadRead(UploadStatus.Empty, null, 0, "the request body is empty") : new UploadRead(UploadStatus.Ok, null, n, null);
            }
            return new UploadRead(UploadStatus.UnsupportedMediaType, null, 0, $"content type '{mediaType.MediaType}' is not accepted here");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new UploadRead(UploadStatus.TooLarge, null, 0, $"the file is over the {Describe(limit)} limit");
        }
        catch (Exception e) when (e is IOException or InvalidDataException && !ct.IsCancellationRequested)
        {
            return new UploadRead(UploadStatus.Malformed, null, 0, $"the multipart body is malformed: {e.Message}");
        }
    }

    private static async Task<UploadRead> ReadMultipartAsync(
        HttpRequest request, MediaTypeHeaderValue mediaType, long limit, Func<string?, Stream> openSink, CancellationToken ct)
    {
        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrWhiteSpace(boundary) || boundary.Length > 200)
            return new UploadRead(UploadStatus.Malformed, null, 0, "multipart/form-data without a valid boundary");
        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024, HeadersCountLimit = 16 };
        int sections = 0;
        while (await reader.ReadNextSectionAsync(ct) is { } section)
        {
            if (++sections > 32) return new UploadRead(UploadStatus.Malformed, null, 0, "too many parts in the multipart body");
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.IsFileDisposition())
            {
                await section.Body.DrainAsync(64 * 1024, ct);
                continue;
            }
            string? fileName = disposition.FileName.Value ?? disposition.FileNameStar.Value;
            fileName = string.IsNullOrWhiteSpace(fileName) ? null : Path.GetFileName(HeaderUtilities.RemoveQuotes(fileName).Value);
            await using var sink = openSink(fileName);
            long n = await CopyLimitedAsync(section.Body, sink, limit, ct);
            if (n < 0) return new UploadRead(UploadStatus.TooLarge, fileName, -n, $"the file is over the {Describe(limit)} limit");
            if (n == 0) return new UploadRead(UploadStatus.Empty, fileName, 0, $"the uploaded file{(fileName is null ? "" : " " + fileName)} is empty");
            return new UploadRead(UploadStatus.Ok, fileName, n, null);
        }
        return new UploadRead(UploadStatus.NoFile, null, 0, null);
    }

    /// <summary>Copies at most <paramref name="limit"/> bytes; returns the count, or −(count read) when the source had more.</summary>
    private static async Task<long> CopyLimitedAsync(Stream source, Stream sink, long limit, CancellationToken ct)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            long total = 0;
            while (true)
            {
                int n = await source.ReadAsync(buffer, ct);
                if (n == 0) return total;
                total += n;
                if (total > limit) return -total;
                await sink.WriteAsync(buffer.AsMemory(0, n), ct);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A token that fires when the request is aborted or <paramref name="timeout"/> has passed, for reading a body.</summary>
    public static CancellationTokenSource Deadline(HttpContext context, TimeSpan timeout)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        cts.CancelAfter(timeout);
        return cts;
    }

    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooSlow(string what, TimeSpan timeout) =>
        Problems.Of(StatusCodes.Status408RequestTimeout,
            $"the {what} did not arrive within {timeout.TotalSeconds:0} s: send it again over a faster connection", "Request body too slow");

    public static string Describe(long bytes) => Circumplex.Music.Download.CatalogDownloader.Size(bytes);
}
