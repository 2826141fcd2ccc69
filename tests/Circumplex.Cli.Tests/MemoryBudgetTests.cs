using Circumplex.Analysis;
using Circumplex.Cli.Commands;
using Circumplex.Web;
using Xunit;

namespace Circumplex.Cli.Tests;

/// <summary>Above its memory budget the analyser hands memory back while analyses keep coming, at most once a second.</summary>
public class MemoryBudgetTests
{
    private static readonly byte[] NotAPhoto = [0x42, 0x13, 0x37, 0x00, 0x01, 0x02, 0x03, 0x04];

    private static string Model() => DefaultModel.Locate()
        ?? throw new InvalidOperationException($"the shipped model models/{DefaultModel.FileName} is missing from the repository");

    private static void AnalyzeRejected(PhotoAffectAnalyzer analyzer) =>
        Assert.Throws<PhotoAnalysisException>(() => analyzer.Analyze(NotAPhoto, TestContext.Current.CancellationToken));

    [Fact]
    public async Task Over_the_budget_memory_is_released_after_an_analysis_and_not_again_within_a_second()
    {
        using var analyzer = new PhotoAffectAnalyzer(Model(), memoryBudgetBytes: 1); // every process is above one byte
        AnalyzeRejected(analyzer);
        for (int waited = 0; analyzer.BudgetReleases == 0 && waited < 10_000; waited += 20) await Task.Delay(20, TestContext.Current.CancellationToken);
        Assert.Equal(1, analyzer.BudgetReleases);
        AnalyzeRejected(analyzer); // within the second: nothing more
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.Equal(1, analyzer.BudgetReleases);
    }

    [Fact]
    public async Task Without_a_budget_analyses_release_nothing_while_they_come()
    {
        using var analyzer = new PhotoAffectAnalyzer(Model(), memoryBudgetBytes: 0);
        AnalyzeRejected(analyzer);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.Equal(0, analyzer.BudgetReleases);
    }

    [Fact]
    public void A_negative_budget_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PhotoAffectAnalyzer(Model(), memoryBudgetBytes: -1));
}
