using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Circumplex.Web;

/// <summary>How many requests one client address may make to one kind of endpoint: a steady rate and a burst.</summary>
public sealed record ClientRateLimit(int PerMinute, int Burst)
{
    public void Validate(string name)
    {
        if (PerMinute is < 1 or > 1_000_000) throw new ArgumentException($"the {name} rate limit must allow 1..1000000 requests a minute");
        if (Burst is < 1 or > 1_000_000) throw new ArgumentException($"the {name} burst must lie in 1..1000000");
    }
}

/// <summary>
/// Per-client limits on the endpoints that cost the server work or storage (analyse, feedback, catalog upload),
/// with ASP.NET Core's rate limiter: a token bucket per client address, 429 with Retry-After beyond it. The address is
/// the connection's, or the one a trusted proxy put in X-Forwarded-For (see <see cref="WebOptions.TrustedProxies"/>).
/// </summary>
internal static class ClientRateLimits
{
    public const string Analyze = "client-analyze";
    public const string Feedback = "client-feedback";
    public const string Upload = "client-upload";

    public static IServiceCollection AddClientRateLimits(this IServiceCollection services, WebOptions options) =>
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            Add(o, Analyze, options.AnalyzeRateLimit);
            Add(o, Feedback, options.FeedbackRateLimit);
            Add(o, Upload, options.UploadRateLimit);
            o.OnRejected = async (ctx, _) =>
            {
                var http = ctx.HttpContext;
                int seconds = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 1;
                await WriteTooMany(http, seconds,
                    $"too many requests from your address to {http.Request.Path}: retry in {seconds} s");
            };
        });

    private static void Add(RateLimiterOptions o, string policy, ClientRateLimit limit) =>
        o.AddPolicy(policy, http => RateLimitPartition.GetTokenBucketLimiter(ClientAddress(http), _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = limit.Burst,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) / limit.PerMinute,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public static string ClientAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>A 429 problem with Retry-After, as the limiter's and the analysis slots' refusals both answer.</summary>
    public static Task WriteTooMany(HttpContext http, int retryAfterSeconds, string detail)
    {
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests", Detail = detail },
        }).AsTask();
    }
}
