using System.ComponentModel;
using Circumplex.Music.Import;
using Circumplex.Web.Operator;

namespace Circumplex.Web.Endpoints;

/// <summary>GET /api/catalog and POST /api/catalog/upload.</summary>
internal static class CatalogEndpoints
{
    public const int ErrorsShown = 20;

    /// <summary>A catalog file (the operator's, up to hundreds of MB) must have arrived within this long.</summary>
    private static readonly TimeSpan UploadTimeout = TimeSpan.FromMinutes(10);

    // Not text/plain: a page on another site may send that without asking (a "simple" request); text/csv it may not.
    private static readonly string[] RawTypes = ["text/csv", "application/csv", "application/octet-stream"];

    public static void Map(RouteGroupBuilder api, AppState state)
    {
        var catalog = api.MapGroup("/catalog").WithTags("Catalog");
        catalog.MapGet("", (HttpContext context) => Status(state, context))
            .WithName("CatalogStatus")
            .WithSummary("Catalog status: songs, past imports, value ranges, whether a model is loaded, limits")
            .Produces<CatalogStatusResponse>();

        var operatorOnly = catalog.MapGroup("").RequireOperator().RequireRateLimiting(ClientRateLimits.Upload);
        operatorOnly.MapPost("/upload", (HttpContext context,
                [Description("Empty the catalog first (default false)")] string? replace,
                [Description("Import nothing if any row is malformed (default false)")] string? strict,
                [Description("Which column holds which field when the names do not say it, e.g. id=Track URI,title=Track Name,artists=Artist Name(s)")] string? columns,
                [Description("Refuse the file when more than this share of its lines are malformed rows (default 0.5)")] string? maxBadShare) => Upload(state, context))
            .WithName("UploadCatalog")
            .WithSummary("Import a Spotify catalog CSV (multipart field 'file'); the recommender switches to the new catalog at once")
            .WithDescription("Known schemas: Kaggle 600k tracks.csv, Hugging Face 114k dataset.csv, Kaggle 1.2M tracks_features.csv and others; " +
                             "any other CSV whose column names say what they hold (an Exportify playlist export, …), or name them with columns=. " +
                             "One transaction: all good rows land or nothing changes. Malformed rows are skipped and listed; a file with no valid row, " +
                             "or more malformed lines than maxBadShare, is refused (422) and the catalog is unchanged.")
            .Produces<UploadResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status408RequestTimeout)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }

    private static IResult Status(AppState state, HttpContext context)
    {
        var snapshot = state.Catalog.Current;
        var stats = state.Catalog.Statistics(snapshot);
        // The command-line import records the file's full path: show its name only, never the server's folders.
        var imports = stats.Imports.Select(i => new ImportSummary(i.Id, Path.GetFileName(i.Source), i.Schema, i.ImportedAt, i.RowsRead, i.SongsImported, i.BadRows, i.Duplicates)).ToArray();
        bool empty = snapshot.IsEmpty;
        var o = state.Options;
        return TypedResults.Ok(new CatalogStatusResponse(
            snapshot.Count, empty, empty ? AppState.EmptyCatalogMessage : null, imports, snapshot.Generation,
            empty ? null : stats.MinValence, empty ? null : stats.MaxValence, empty ? null : stats.MinEnergy, empty ? null : stats.MaxEnergy,
            stats.MinYear, stats.MaxYear,
            new ModelStatus(state.Analyzer is not null, state.Analyzer?.ModelName, state.Namer.Source),
            new LimitsStatus(o.MaxPhotoBytes, o.MaxCatalogUploadBytes, o.AllowCatalogUpload, o.MaxK, o.AnalyzeConcurrency, o.AnalyzeQueue),
            state.Photos is not null && context.User.IsOperator(), context.User.IsOperator()));
    }

    private static async Task<IResult> Upload(AppState state, HttpContext context)
    {
        if (!state.Options.AllowCatalogUpload)
            return Problems.Of(StatusCodes.Status403Forbidden, "catalog uploads are turned off on this server: load a catalog with 'circumplex catalog import FILE' where it runs");
        var query = context.Request.Query;
        if (QueryParameters.Flag(query["replace"], "replace", out bool replace) is { } e1) return e1;
        if (QueryParameters.Flag(query["strict"], "strict", out bool strict) is { } e2) return e2;
        ColumnChoice columns;
        try
        {
            columns = ColumnChoice.Parse(query["columns"]);
        }
        catch (FormatException e)
        {
            return Problems.BadRequest($"columns: {e.Message}");
        }
        double maxBadShare = CatalogImportPolicy.DefaultMaxBadShare;
        if (query["maxBadShare"] is { Count: > 0 } share && !CatalogImportPolicy.TryParseShare(share[0] ?? "", out maxBadShare))
            return Problems.BadRequest($"maxBadShare '{share[0]}' is not a share between 0 and 1 (or 0% and 100%)");
        string? temp = null;
        try
        {
            UploadRead read;
            // The file arrives whole before the import lock is taken: a slow upload keeps no other one waiting.
            using (var deadline = Uploads.Deadline(context, UploadTimeout))
            {
                try
                {
                    read = await Uploads.ReadAsync(context.Request, state.Options.MaxCatalogUploadBytes, _ =>
                        {
                            var (path, stream) = state.Uploads.Create();
                            temp = path;
                            return stream;
                        },
                        allowRawBody: true, RawTypes, deadline.Token);
                }
                catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
                {
                    return Uploads.TooSlow("catalog file", UploadTimeout);
                }
            }
            switch (read.Status)
            {
                case UploadStatus.NoFile:
                    return Problems.BadRequest("no file: send the catalog CSV as multipart/form-data in a file field named 'file'");
                case UploadStatus.Empty:
                    return Problems.BadRequest(read.Message ?? "the file is empty");
                case UploadStatus.TooLarge:
                    return Problems.Of(StatusCodes.Status413PayloadTooLarge, $"the catalog file is too large: {read.Message}");
                case UploadStatus.Malformed:
                    return Problems.BadRequest(read.Message ?? "malformed upload");
                case UploadStatus.UnsupportedMediaType:
                    return Problems.Of(StatusCodes.Status415UnsupportedMediaType, $"{read.Message}: send multipart/form-data with a 'file' field, or a text/csv body");
            }
            string name = read.FileName ?? "upload.csv";
            if (!state.Catalog.TryBeginImport())
                return Problems.Of(StatusCodes.Status409Conflict, "another catalog import is running: try again when it has finished");
            try
            {
                // Reading and importing is CPU and disk work for seconds on a large file: keep it off the request thread pool's hot path.
                return await Task.Run(() => Import(state, temp!, name, replace, strict, columns, maxBadShare), context.RequestAborted);
            }
            finally
            {
                state.Catalog.EndImport();
            }
        }
        finally
        {
            if (temp is not null)
                try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static IResult Import(AppState state, string path, string name, bool replace, bool strict, ColumnChoice columns, double maxBadShare)
    {
        CatalogReadResult read;
        try
        {
            read = CatalogReader.Read(path, new CatalogReadOptions { Columns = columns });
        }
        catch (CatalogFormatException e)
        {
            return Problems.Of(StatusCodes.Status422UnprocessableEntity, $"{name} is not a catalog: {e.Message}", "Not a catalog");
        }
        var firstErrors = read.Errors.Take(ErrorsShown).Select(e => new RowErrorDto(e.Line, e.Reason, Math.Max(e.Line, e.LastLine))).ToArray();
        if (strict && read.Errors.Count > 0)
            return Problems.Of(StatusCodes.Status422UnprocessableEntity,
                $"strict import refused: {read.Errors.Count} malformed rows in {name}, nothing imported",
                "Malformed rows", new Dictionary<string, object?> { ["malformedRows"] = read.Errors.Count, ["firstMalformedRows"] = firstErrors });
        if (read.Songs.Count == 0)
            return Problems.Of(StatusCodes.Status422UnprocessableEntity,
                $"{name} has no valid song among its {read.RowsRead} rows, nothing imported",
                "No valid rows", new Dictionary<string, object?> { ["malformedRows"] = read.Errors.Count, ["firstMalformedRows"] = firstErrors });
        if (CatalogImportPolicy.Refusal(read, maxBadShare) is { } refusal)
            return Problems.Of(StatusCodes.Status422UnprocessableEntity, $"{name} refused: {refusal}",
                "Too many malformed rows", new Dictionary<string, object?> { ["malformedRows"] = read.Errors.Count, ["firstMalformedRows"] = firstErrors });
        var outcome = state.Catalog.Import(read, name, replace);
        return TypedResults.Ok(new UploadResponse(name, read.Schema.Label, read.RowsRead, read.Songs.Count, read.Errors.Count,
            read.Duplicates, firstErrors, replace, outcome.SongCount, read.Schema.Columns, read.Encoding, read.InvalidBytes, read.InvalidByteLines,
            outcome.Added, outcome.Updated,
            read.Warnings.Count, read.Warnings.Take(ErrorsShown).Select(w => new RowErrorDto(w.Line, w.Reason, w.LastLine)).ToArray()));
    }
}
