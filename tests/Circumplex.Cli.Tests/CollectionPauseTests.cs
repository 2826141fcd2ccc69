using System.Runtime;
using Circumplex.Cli.Commands;
using Xunit;

namespace Circumplex.Cli.Tests;

/// <summary>Alone in the process while it runs: another test's allocations would end a pause early.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public class CollectionPauseCollection
{
    public const string Name = "collection pause (runs alone)";
}

[Collection(CollectionPauseCollection.Name)]
public class CollectionPauseTests
{
    [Fact]
    public void A_pause_holds_off_collection_until_it_is_disposed()
    {
        using (var pause = CollectionPause.For(64L << 20))
        {
            Assert.True(pause.Started);
            int before = GC.CollectionCount(0);
            var kept = new List<byte[]>();
            for (int i = 0; i < 256; i++) kept.Add(new byte[16 << 10]); // 4 MB, well inside the pause
            Assert.Equal(before, GC.CollectionCount(0));
            Assert.Equal(256, kept.Count);
        }
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(4L << 30)]
    public void No_pause_for_nothing_or_for_more_than_is_worth_committing(long bytes)
    {
        using var pause = CollectionPause.For(bytes);
        Assert.False(pause.Started);
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }
}
