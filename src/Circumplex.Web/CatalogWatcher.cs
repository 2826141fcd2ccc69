using Circumplex.Music.Storage;

namespace Circumplex.Web;

/// <summary>
/// Notices a new catalog generation made by any process on the same database (another web instance's upload, a
/// command-line <c>catalog import --replace</c>) and swaps it in: it waits for a PostgreSQL notification or
/// <see cref="WebOptions.CatalogCheckInterval"/>, whichever comes first, then compares the generation, one cheap query.
/// </summary>
internal sealed class CatalogWatcher(AppState state, ILogger<CatalogWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var catalog = state.Catalog;
        var interval = state.Options.CatalogCheckInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await catalog.Store.WaitForChangeAsync(interval, stoppingToken);
                // The rebuild reads the whole catalog: off the wait loop's thread, as any blocking database work.
                var before = catalog.Current.Generation;
                if (await Task.Run(catalog.Refresh, stoppingToken))
                    logger.LogInformation("catalog generation {Old} → {New}: {Songs} songs", before, catalog.Current.Generation, catalog.Current.Count);
            }
            catch (OperationCanceledException)
            {
                return; // the host is stopping, or the store is being disposed
            }
            catch (Exception e) when (e is DatabaseUnavailableException or InvalidOperationException or IOException or System.Data.Common.DbException)
            {
                // The database is away for a moment: keep serving the generation we have, and look again.
                logger.LogWarning("cannot check the catalog generation: {Message}", e.Message);
                await Task.Delay(interval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
