using Circumplex.Training.Trainer;
using Xunit;

namespace Circumplex.Tests.Training.Trainer;

public class PlateauScheduleTests
{
    [Fact]
    public void Reduces_after_patience_and_stops_after_stop_patience()
    {
        var s = new PlateauSchedule { LearningRate = 1e-3, ReducePatience = 2, StopPatience = 5 };
        Assert.True(s.Observe(0, 1.0));
        Assert.True(s.Observe(1, 0.9));
        Assert.False(s.Observe(2, 0.95));
        Assert.False(s.Observe(3, 0.95));
        Assert.Equal(1e-3, s.LearningRate);
        Assert.False(s.Observe(4, 0.95)); // third epoch without improvement: reduce
        Assert.Equal(1e-4, s.LearningRate, 12);
        Assert.False(s.ShouldStop);
        s.Observe(5, 0.95);
        s.Observe(6, 0.95);
        Assert.True(s.ShouldStop);
        Assert.Equal(1, s.BestEpoch);
    }
}
