using System.ComponentModel;
using Circumplex.Affect;
using Circumplex.Web.Operator;

namespace Circumplex.Web.Endpoints;

/// <summary>POST /api/analyze: photo → faces, valence, arousal, emotion, songs.</summary>
internal static class AnalyzeEndpoints
{
    /// <summary>The media types accepted as a raw (non-multipart) photo body.</summary>
    private static readonly string[] RawTypes = ["image/", "application/octet-stream"];

    public static void Map(RouteGroupBuilder api, AppState state)
    {
        var analyze = api.MapGroup("/analyze").WithTags("Analyse").RequireRateLimiting(ClientRateLimits.Analyze);
        analyze.MapPost("", (HttpContext context, [Description("How many songs, 1..100 (default 5)")] string? k) => Analyze(state, context, k))
            .WithName("Analyze")
            .WithSummary("Analyse a photo: faces, valence, arousal, emotion and the k nearest songs")
            .WithDescription("Send the photo as multipart/form-data (field 'photo'; JPEG, PNG, WebP or BMP) or as a raw image/* body. " +
                             "The photo is processed in memory and never stored, unless the operator started the server with photo storage on " +
                             "(GET /api/catalog says so in storesPhotos; photoStored in the answer says whether this photo was kept).")
            .Produces<AnalyzeResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status408RequestTimeout)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> Analyze(AppState state, HttpContext context, string? k)
    {
        if (state.Analyzer is not { } analyzer)
            return Problems.Of(StatusCodes.Status503ServiceUnavailable,
                "no affect model is loaded: start the server with a model (circumplex serve --model FILE); meanwhile drag the point on the circumplex to get songs",
                "No model loaded");
        if (QueryParameters.K(k, state.Options.MaxK, out int count) is { } bad) return bad;

        long limit = state.Options.MaxPhotoBytes;
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var buffer = new MemoryStream();
        UploadRead read;
        // The photo is read whole before an analysis slot is taken: a client that sends slowly holds no slot meanwhile.
        using (var deadline = Uploads.Deadline(context, state.Options.BodyTimeout))
        {
            try
            {
                read = await Uploads.ReadAsync(context.Request, limit, _ => new NonClosingStream(buffer), allowRawBody: true, RawTypes, deadline.Token);
            }
            catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
            {
                return Uploads.TooSlow("photo", state.Options.BodyTimeout);
            }
        }
        switch (read.Status)
        {
            case UploadStatus.NoFile:
                return Problems.BadRequest("no photo: send it as multipart/form-data in a file field named 'photo' (or as a raw image/* body)");
            case UploadStatus.Empty:
                return Problems.BadRequest(read.Message ?? "the photo is empty");
            case UploadStatus.TooLarge:
                return Problems.Of(StatusCodes.Status413PayloadTooLarge, $"the photo is too large: {read.Message}", "Photo too large");
            case UploadStatus.Malformed:
                return Problems.BadRequest(read.Message ?? "malformed upload");
            case UploadStatus.UnsupportedMediaType:
                return Problems.Of(StatusCodes.Status415UnsupportedMediaType, $"{read.Message}: send multipart/form-data with a 'photo' file, or an image/* body");
        }

        long arrived = state.Metrics.Stage("read", started);
        using var slot = await state.AnalyzeSlots.AcquireAsync(1, context.RequestAborted);
        long waited = state.Metrics.Stage("wait", arrived);
        if (!slot.IsAcquired)
        {
            Array.Clear(buffer.GetBuffer());
            context.Response.Headers.RetryAfter = "1";
            return Problems.Of(StatusCodes.Status429TooManyRequests,
                $"the server is analysing {state.Options.AnalyzeConcurrency} photos with {state.Options.AnalyzeQueue} more waiting: retry in a second");
        }
        byte[] photo = buffer.GetBuffer().AsSpan(0, (int)buffer.Length).ToArray();
        try
        {
            buffer.SetLength(0);
            PhotoAnalysis analysis;
            try
            {
                analysis = analyzer.Analyze(photo, context.RequestAborted);
            }
            catch (PhotoAnalysisException e)
            {
                return e.Problem switch
                {
                    PhotoProblem.NoFace => Problems.Of(StatusCodes.Status422UnprocessableEntity, e.Message, "No face found"),
                    PhotoProblem.NotAnImage => Problems.Of(StatusCodes.Status415UnsupportedMediaType, e.Message, "Not an image"),
                    PhotoProblem.TooLarge => Problems.Of(StatusCodes.Status413PayloadTooLarge, e.Message, "Photo too large"),
                    PhotoProblem.TooManyPixels => Problems.Of(StatusCodes.Status413PayloadTooLarge, e.Message, "Image too large"),
                    _ => Problems.Of(StatusCodes.Status422UnprocessableEntity, e.Message),
                };
            }
            long analysed = state.Metrics.Stage("analyze", waited);
            if (!double.IsFinite(analysis.Valence) || !double.IsFinite(analysis.Arousal))
                throw new InvalidOperationException($"the affect model returned a non-finite estimate (v={analysis.Valence}, a={analysis.Arousal})");
            var point = new AffectPoint(analysis.Valence, analysis.Arousal); // clamps to the square (SPEC §2)
            var songs = state.Catalog.Recommend(point, count);
            state.Metrics.Stage("recommend", analysed);
            bool stored = state.Photos is { } store && context.User.IsOperator() && Store(store, photo, analysis.FileExtension, context);
            // An analyzer always brings its model's tree, so the emotion has a name here.
            return TypedResults.Ok(new AnalyzeResponse(
                new ImageSize(analysis.ImageWidth, analysis.ImageHeight), analysis.Faces, point.Valence, point.Arousal,
                state.Namer.Name(point)!, analyzer.ModelName, SongResult.From(songs),
                songs.Length == 0 ? AppState.EmptyCatalogMessage : null, stored));
        }
        finally
        {
            // Whether or not a copy went to the opted-in store, none stays in this process's memory.
            Array.Clear(photo);
            Array.Clear(buffer.GetBuffer());
        }
    }

    /// <summary>
    /// Only photos the analyzer accepted are kept (not every upload: garbage and non-images stay out of the folder).
    /// A failed write costs the user nothing: the answer still comes, says photoStored false, and the error is logged
    /// for the operator who asked for the photos.
    /// </summary>
    private static bool Store(PhotoStore store, byte[] photo, string extension, HttpContext context)
    {
        try
        {
            store.Save(photo, extension, DateTimeOffset.UtcNow);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Circumplex.Web.PhotoStore")
                .LogError(e, "could not store an analysed photo in {Directory}", store.Directory);
            return false;
        }
    }

    /// <summary>Lets the upload reader dispose its sink without closing our buffer.</summary>
    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);
    }
}
