using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Circumplex.Web.Observability;

/// <summary>
/// /readyz: the database answers (else unhealthy: a load balancer should send no traffic here); no model loaded or an
/// empty catalog is degraded (still served: dragging the point works). The data name the catalog generation.
/// </summary>
internal sealed class ReadinessCheck(AppState state) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = state.Catalog.Current;
        var data = new Dictionary<string, object>
        {
            ["generation"] = snapshot.Generation,
            ["songs"] = snapshot.Count,
            ["model"] = state.Analyzer?.ModelName ?? "none",
        };
        long stored;
        try
        {
            stored = await Task.Run(state.Catalog.Store.Generation, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"the database does not answer: {e.Message}", data: data);
        }
        data["databaseGeneration"] = stored;
        if (state.Analyzer is null) return HealthCheckResult.Degraded("no affect model loaded: POST /api/analyze answers 503", data: data);
        if (snapshot.IsEmpty) return HealthCheckResult.Degraded("the catalog is empty", data: data);
        return HealthCheckResult.Healthy($"model {state.Analyzer.ModelName}, catalog generation {snapshot.Generation} ({snapshot.Count:N0} songs)", data);
    }
}
