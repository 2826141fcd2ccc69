using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Circumplex.Web.Observability;

/// <summary>
/// The app's own metrics (OpenTelemetry reads them; ASP.NET Core's meters add request rate and latency per route):
/// analysis time by stage, the analysis queue, and the catalog generation and size this instance serves.
/// </summary>
internal sealed class CircumplexMetrics : IDisposable
{
    public const string MeterName = "Circumplex.Web";

    private readonly Meter _meter = new(MeterName);
    private readonly Histogram<double> _stage;

    public CircumplexMetrics(AppState state)
    {
        _stage = _meter.CreateHistogram<double>("circumplex.analysis.stage.duration", "s",
            "Time of one stage of POST /api/analyze: read (the body arriving), wait (for an analysis slot), analyze (decode, detect, predict), recommend");
        _meter.CreateObservableGauge("circumplex.analysis.queue.length", () => state.AnalyzeSlots.GetStatistics()?.CurrentQueuedCount ?? 0,
            "{request}", "Photos waiting for an analysis slot");
        _meter.CreateObservableGauge("circumplex.analysis.slots.available", () => state.AnalyzeSlots.GetStatistics()?.CurrentAvailablePermits ?? 0,
            "{slot}", "Analysis slots free");
        _meter.CreateObservableGauge("circumplex.catalog.generation", () => state.Catalog.Current.Generation,
            "{generation}", "The catalog generation this instance serves");
        _meter.CreateObservableGauge("circumplex.catalog.songs", () => state.Catalog.Current.Count, "{song}", "Songs in the served catalog");
    }

    /// <summary>Records the time since <paramref name="startedAt"/> (a <see cref="Stopwatch.GetTimestamp"/>) for a stage; returns now.</summary>
    public long Stage(string stage, long startedAt)
    {
        long now = Stopwatch.GetTimestamp();
        _stage.Record(Stopwatch.GetElapsedTime(startedAt, now).TotalSeconds, new KeyValuePair<string, object?>("stage", stage));
        return now;
    }

    public void Dispose() => _meter.Dispose();
}
