using Circumplex.Feedback;

namespace Circumplex.Web;

/// <summary>Everything the endpoints share; created once per application and disposed with it.</summary>
internal sealed class AppState(WebOptions options, CatalogService catalog, IFeedbackStore feedback, EmotionNamer namer, IPhotoAnalyzer? analyzer, PhotoStore? photos) : IDisposable
{
    public WebOptions Options { get; } = options;
    public CatalogService Catalog { get; } = catalog;
    public IFeedbackStore Feedback { get; } = feedback;
    public EmotionNamer Namer { get; } = namer;
    public IPhotoAnalyzer? Analyzer { get; } = analyzer;
    /// <summary>Null unless the operator turned photo storage on.</summary>
    public PhotoStore? Photos { get; } = photos;

    public const string EmptyCatalogMessage =
        "the catalog is empty: upload a catalog CSV on the page or to POST /api/catalog/upload, or run 'circumplex catalog import FILE' (or 'circumplex catalog download')";

    public void Dispose()
    {
        Catalog.Dispose();
        Feedback.Dispose();
    }
}
