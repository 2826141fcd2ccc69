using System.Text.Json;
using Circumplex.Web.Operator;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;

namespace Circumplex.Web.Observability;

/// <summary>Health endpoints (/healthz, /readyz), metrics (OpenTelemetry, scraped by Prometheus at /metrics), JSON logs.</summary>
internal static class ObservabilityExtensions
{
    public const string MetricsPath = "/metrics";

    public static WebApplicationBuilder AddCircumplexObservability(this WebApplicationBuilder builder, WebOptions options)
    {
        builder.Services.AddHealthChecks().AddCheck<ReadinessCheck>("ready", tags: ["ready"]);
        builder.Services.AddOpenTelemetry().WithMetrics(m => m
            .AddMeter(CircumplexMetrics.MeterName)
            // ASP.NET Core's own: request rate and latency per route (http.server.request.duration), connections, rate limiting.
            .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.RateLimiting")
            // .NET's own: GC heap size, working set, thread pool (what the memory bar is checked against).
            .AddMeter("System.Runtime")
            .AddPrometheusExporter());
        if (options.JsonLogs)
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";
            });
        }
        // SIGTERM (or Ctrl+C) stops taking new connections and lets requests in flight finish, up to this long.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownTimeout);
        return builder;
    }

    public static void MapCircumplexObservability(this WebApplication app)
    {
        // Alive: the process answers. Nothing is checked, so a slow database never gets a live instance restarted.
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = Write });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = Write });
        app.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(OperatorAccess.Policy);
    }

    private static Task Write(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("status", report.Status.ToString());
            foreach (var entry in report.Entries.Values)
            {
                w.WriteString("description", entry.Description);
                foreach (var (key, value) in entry.Data)
                {
                    switch (value)
                    {
                        case long l: w.WriteNumber(key, l); break;
                        case int i: w.WriteNumber(key, i); break;
                        default: w.WriteString(key, value?.ToString()); break;
                    }
                }
            }
            w.WriteEndObject();
        }
        return context.Response.Body.WriteAsync(buffer.ToArray()).AsTask();
    }
}
