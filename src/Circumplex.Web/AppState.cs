using Circumplex.Feedback;

namespace Circumplex.Web;

/// <summary>Everything the endpoints share; created once per application and disposed with it.</summary>
internal sealed class AppState(WebOptions options, CatalogService catalog, IFeedbackStore feedback, EmotionNamer namer, IPhotoAnalyzer? analyzer, PhotoStore? photos, UploadFolder uploads) : IDisposable
{
    public WebOptions Options { get; } = options;
    public CatalogService Catalog { get; } = catalog;
    public IFeedbackStore Feedback { get; } = feedback;
    public EmotionNamer Namer { get; } = namer;
    public IPhotoAnalyzer? Analyzer { get; } = analyzer;
    /// <summary>
    /// Photos analysed at once, and a short queue: taken only once a photo has arrived whole, so clients that send slowly
    /// hold no slot while they do.
    /// </summary>
    public System.Threading.RateLimiting.ConcurrencyLimiter AnalyzeSlots { get; } = new(new()
    {
        PermitLimit = options.AnalyzeConcurrency,
        QueueLimit = options.AnalyzeQueue,
        QueueProcessingOrder = System.Threading.RateLimiting.QueueProcessingOrder.OldestFirst,
    });

    /// <summary>The app's metrics (set once the state exists: the gauges read it).</summary>
    public Observability.CircumplexMetrics Metrics { get; private set; } = null!;

    public AppState WithMetrics()
    {
        Metrics = new Observability.CircumplexMetrics(this);
        return this;
    }

    /// <summary>Where catalog uploads wait while they arrive and are imported.</summary>
    public UploadFolder Uploads { get; } = uploads;

    /// <summary>Null unless the operator turned photo storage on.</summary>
    public PhotoStore? Photos { get; } = photos;

    public const string EmptyCatalogMessage =
        "the catalog is empty: upload a catalog CSV on the page or to POST /api/catalog/upload, or run 'circumplex catalog import FILE' (or 'circumplex catalog download')";

    public void Dispose()
    {
        Catalog.Dispose();
        Feedback.Dispose();
        AnalyzeSlots.Dispose();
        Metrics?.Dispose();
    }
}
