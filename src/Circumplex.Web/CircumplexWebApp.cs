using System.Threading.RateLimiting;
using Circumplex.Feedback;
using Circumplex.Web.Endpoints;
using Circumplex.Web.Observability;
using Circumplex.Web.Operator;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.HttpOverrides;
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
            // A client that trickles its request (slowloris) is cut off instead of holding a connection for ever.
            k.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            k.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(30);
            k.Limits.MinRequestBodyDataRate = new Microsoft.AspNetCore.Server.Kestrel.Core.MinDataRate(options.MinBodyBytesPerSecond, TimeSpan.FromSeconds(5));
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
            else if (error is CatalogChangingException changing)
            {
                ctx.ProblemDetails.Status = StatusCodes.Status503ServiceUnavailable;
                ctx.ProblemDetails.Title = Problems.DefaultTitle(StatusCodes.Status503ServiceUnavailable);
                ctx.ProblemDetails.Detail = changing.Message;
                ctx.HttpContext.Response.Headers.RetryAfter = "1";
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
            else if (ctx.ProblemDetails.Status == StatusCodes.Status401Unauthorized && ctx.ProblemDetails.Detail is null)
            {
                ctx.ProblemDetails.Title = "Operator only";
                ctx.ProblemDetails.Detail = $"{ctx.HttpContext.Request.Method} {ctx.HttpContext.Request.Path} is the operator's: send 'Authorization: Bearer TOKEN' " +
                                            "(the token 'circumplex serve' keeps in its data folder, or $CIRCUMPLEX_OPERATOR_TOKEN), or sign in on the page";
            }
            else if (ctx.ProblemDetails.Status == StatusCodes.Status405MethodNotAllowed && ctx.ProblemDetails.Detail is null)
            {
                ctx.ProblemDetails.Detail = $"{ctx.HttpContext.Request.Method} is not allowed on {ctx.HttpContext.Request.Path}";
            }
        });
        builder.Services.AddClientRateLimits(options);
        builder.Services.AddSecurityHeaders();
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

        var token = OperatorToken.Resolve(options);
        builder.Services.AddOperatorAccess(token, options.ResolvedDataDirectory());
        builder.Services.AddHostFiltering(o => o.AllowedHosts = [.. options.ResolvedAllowedHosts()]);
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            // The client's address (for per-client limits) and scheme, as a reverse proxy on loopback or a named one saw them.
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in options.TrustedProxies) o.KnownProxies.Add(proxy);
        });
        // Keys at rest in the data folder (mode 0700): the warning that they are not encrypted there says nothing new.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);

        var state = OpenState(options, analyzer);
        builder.Services.AddSingleton(_ => state);
        builder.Services.AddHostedService<CatalogWatcher>();
        builder.AddCircumplexObservability(options);
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

        app.UseForwardedHeaders();
        app.UseHostFiltering();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = e => e switch
            {
                BadHttpRequestException b => b.StatusCode,
                CatalogChangingException => StatusCodes.Status503ServiceUnavailable,
                _ => StatusCodes.Status500InternalServerError,
            },
        });
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
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
                h.ContentSecurityPolicy = SecurityHeaders.PagePolicy;
                h["Permissions-Policy"] = "camera=(self)";
            },
        });

        app.MapOpenApi();
        app.MapCircumplexObservability();
        // Every API route refuses cross-origin writes; each feature's group adds its own limits and operator policy.
        var api = app.MapGroup("/api").AddEndpointFilter<SameOriginWrites>();
        AnalyzeEndpoints.Map(api, state);
        RecommendEndpoints.Map(api, state);
        JourneyEndpoints.Map(api, state);
        CatalogEndpoints.Map(api, state);
        FeedbackEndpoints.Map(api, state);
        OperatorEndpoints.Map(api);
        return app;
    }

    private static AppState OpenState(WebOptions options, IPhotoAnalyzer? analyzer)
    {
        CatalogService? catalog = null;
        try
        {
            catalog = new CatalogService(options.DatabasePath, options.SongCacheSize);
            var feedback = Music.Storage.CatalogDatabase.OpenFeedback(options.DatabasePath);
            var uploads = new UploadFolder(options.ResolvedDataDirectory());
            uploads.Sweep(); // what a crashed or killed server left behind
            return new AppState(options, catalog, feedback, new EmotionNamer(analyzer?.EmotionTree, options.RegionGridSize), analyzer,
                options.PhotoStorageDirectory is { } dir ? new PhotoStore(dir) : null, uploads).WithMetrics();
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

    /// <summary>Where the operator token came from (a file path or the environment), never the token itself.</summary>
    public static string OperatorTokenOrigin(this WebApplication app) => app.Services.GetRequiredService<OperatorToken>().Origin;

    /// <summary>The addresses the started application listens on (e.g. the free port picked for "http://127.0.0.1:0").</summary>
    public static IReadOnlyList<string> ListeningAddresses(this WebApplication app) =>
        app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses.ToArray() ?? [];
}
