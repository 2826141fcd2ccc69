using System.Threading.RateLimiting;
using Circumplex.Feedback;
using Circumplex.Web.Endpoints;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.FileProviders;
using Microsoft.OpenApi;

namespace Circumplex.Web;

/// <summary>
/// Builds the Circumplex web application (SPEC §7): the JSON API with its OpenAPI document at /openapi/v1.json and
/// the one-page front end. The caller starts it (<c>app.Run()</c>, or <c>StartAsync</c> in tests) and disposes it.
/// </summary>
public static class CircumplexWebApp
{
    /// <summary>
    /// Creates the application: opens (or creates) the database, builds the song index, and maps the endpoints.
    /// </summary>
    /// <param name="options">Where to listen, the database and the limits.</param>
    /// <param name="analyzer">Photo → affect; null serves everything but /api/analyze, which then answers 503.</param>
    /// <param name="configure">A last say over the builder, e.g. <c>b => b.WebHost.UseTestServer()</c> in tests.</param>
    public static WebApplication Create(WebOptions options, IPhotoAnalyzer? analyzer = null, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(CircumplexWebApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.UseUrls(options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            // Small by default; the upload endpoints raise it for their own requests.
            k.Limits.MaxRequestBodySize = Math.Max(options.MaxJsonBytes, 1024 * 1024);
            k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        // A failed start (e.g. the port is taken) reaches the caller as an exception; no second report with a stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);

        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, WebJsonContext.Default));
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            var error = ctx.HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
            if (error is BadHttpRequestException bad)
            {
                ctx.ProblemDetails.Status = bad.StatusCode;
                ctx.ProblemDetails.Title = Problems.DefaultTitle(bad.StatusCode);
                ctx.ProblemDetails.Detail = bad.Message;
            }
            else if (error is not null)
            {
                ctx.ProblemDetails.Detail = "the server failed to handle this request; the error is in the server's log";
            }
            else if (ctx.ProblemDetails.Status == StatusCodes.Status404NotFound && ctx.ProblemDetails.Detail is null)
            {
                var request = ctx.HttpContext.Request;
                ctx.ProblemDetails.Detail = request.Path.StartsWithSegments("/api")
                    ? $"no such API endpoint: {request.Method} {request.Path} (see /openapi/v1.json)"
                    : $"no such page: {request.Path}";
            }
            else if (ctx.ProblemDetails.Status == StatusCodes.Status405MethodNotAllowed && ctx.ProblemDetails.Detail is null)
            {
                ctx.ProblemDetails.Detail = $"{ctx.HttpContext.Request.Method} is not allowed on {ctx.HttpContext.Request.Path}";
            }
        });
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddConcurrencyLimiter(AnalyzeEndpoints.RateLimitPolicy, c =>
            {
                c.PermitLimit = options.AnalyzeConcurrency;
                c.QueueLimit = options.AnalyzeQueue;
                c.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });
            o.OnRejected = async (ctx, ct) =>
            {
                var http = ctx.HttpContext;
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = "1";
                var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests",
                        Detail = $"the server is analysing {options.AnalyzeConcurrency} photos with {options.AnalyzeQueue} more waiting: retry in a second",
                    },
                });
            };
        });
        builder.Services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((doc, _, _) =>
            {
                doc.Info = new OpenApiInfo
                {
                    Title = "Circumplex API",
                    Version = "v1",
                    Description = "Emotion-aware music recommendation on Russell's circumplex: a face photo → valence/arousal → emotion → the nearest songs. " +
                                  "Errors are RFC 9457 problem+json.",
                };
                return Task.CompletedTask;
            });
            o.AddOperationTransformer(RequestBodies.Describe);
            o.AddOperationTransformer((operation, _, _) =>
            {
                foreach (var p in operation.Parameters ?? [])
                {
                    if (p is not OpenApiParameter parameter) continue;
                    var type = parameter.Name switch
                    {
                        "valence" or "arousal" => JsonSchemaType.Number,
                        "k" => JsonSchemaType.Integer,
                        "replace" or "strict" => JsonSchemaType.Boolean,
                        _ => (JsonSchemaType?)null,
                    };
                    if (type is null) continue;
                    parameter.Schema = new OpenApiSchema { Type = type };
                    parameter.Required = parameter.Name is "valence" or "arousal";
                }
                return Task.CompletedTask;
            });
        });

        var state = OpenState(options, analyzer);
        builder.Services.AddSingleton(_ => state);
        configure?.Invoke(builder);

        WebApplication app;
        try
        {
            app = builder.Build();
            _ = app.Services.GetRequiredService<AppState>(); // now owned (and disposed) by the container
        }
        catch
        {
            state.Dispose();
            throw;
        }

        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = e => e is BadHttpRequestException b ? b.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        app.Use((context, next) =>
        {
            var h = context.Response.Headers;
            h.XContentTypeOptions = "nosniff";
            h["Referrer-Policy"] = "no-referrer";
            return next(context);
        });
        app.UseRateLimiter();

        var files = new EmbeddedFileProvider(typeof(CircumplexWebApp).Assembly, "Circumplex.Web.wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = ctx =>
            {
                var h = ctx.Context.Response.Headers;
                h.CacheControl = "no-cache";
                h.ContentSecurityPolicy =
                    "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; frame-src https://open.spotify.com; " +
                    "style-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";
                h["Permissions-Policy"] = "camera=(self)";
            },
        });

        app.MapOpenApi();
        AnalyzeEndpoints.Map(app, state);
        RecommendEndpoints.Map(app, state);
        JourneyEndpoints.Map(app, state);
        CatalogEndpoints.Map(app, state);
        FeedbackEndpoints.Map(app, state);
        return app;
    }

    private static AppState OpenState(WebOptions options, IPhotoAnalyzer? analyzer)
    {
        CatalogService? catalog = null;
        try
        {
            catalog = new CatalogService(options.DatabasePath, options.SongCacheSize);
            var feedback = Music.Storage.CatalogDatabase.OpenFeedback(options.DatabasePath);
            return new AppState(options, catalog, feedback, new EmotionNamer(analyzer?.EmotionTree, options.RegionGridSize), analyzer,
                options.PhotoStorageDirectory is { } dir ? new PhotoStore(dir) : null);
        }
        catch
        {
            catalog?.Dispose();
            throw;
        }
    }

    /// <summary>One line about the catalog: "5,000 songs (1 import)" or how to load one.</summary>
    public static string CatalogSummary(this WebApplication app)
    {
        var state = app.Services.GetRequiredService<AppState>();
        var snapshot = state.Catalog.Current;
        if (snapshot.IsEmpty) return AppState.EmptyCatalogMessage;
        int imports = state.Catalog.Statistics(snapshot).Imports.Count;
        return FormattableString.Invariant($"{snapshot.Count:N0} songs ({imports} import{(imports == 1 ? "" : "s")})");
    }

    /// <summary>The addresses the started application listens on (e.g. the free port picked for "http://127.0.0.1:0").</summary>
    public static IReadOnlyList<string> ListeningAddresses(this WebApplication app) =>
        app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses.ToArray() ?? [];
}
