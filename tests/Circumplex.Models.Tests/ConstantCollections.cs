using Xunit;

namespace Circumplex.Models.Tests;

/// <summary>
/// Tests that collect garbage without pause to catch Scalars freed mid-call run alone: beside them, any other test
/// that still makes Scalars implicitly (TorchSharp's own AdamW does) would fail the same way.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConstantCollections
{
    public const string Name = "garbage collected without pause";

    /// <summary>Runs <paramref name="step"/> <paramref name="times"/> times while another thread collects without pause.</summary>
    public static async Task During(int times, Action<int> step)
    {
        using var stop = new CancellationTokenSource();
        var collector = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        }, TestContext.Current.CancellationToken);
        try
        {
            for (int i = 0; i < times; i++) step(i);
        }
        finally
        {
            await stop.CancelAsync();
            await collector;
        }
    }
}
