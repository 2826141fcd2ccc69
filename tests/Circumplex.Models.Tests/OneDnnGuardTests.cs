using Circumplex.Models.Runtime;
using Xunit;

namespace Circumplex.Models.Tests;

public class OneDnnGuardTests
{
    [Theory]
    [InlineData(null, true, true)]
    [InlineData(null, false, false)]
    [InlineData("", false, false)]
    [InlineData("on", false, true)]
    [InlineData(" ON ", false, true)]
    [InlineData("1", false, true)]
    [InlineData("off", true, false)]
    [InlineData("false", true, false)]
    public void An_override_wins_otherwise_onednn_runs_only_where_the_cpu_reports_its_caches(string? value, bool caches, bool expected)
    {
        var (enable, reason) = OneDnnGuard.Decide(value, caches);
        Assert.Equal(expected, enable);
        Assert.False(string.IsNullOrWhiteSpace(reason));
    }

    [Fact]
    public void A_misspelt_override_is_a_clear_error()
    {
        var e = Assert.Throws<ArgumentException>(() => OneDnnGuard.Decide("maybe", true));
        Assert.Contains(OneDnnGuard.OverrideVariable, e.Message);
        Assert.Contains("maybe", e.Message);
    }

    [Fact]
    public void Building_a_network_applies_the_decision()
    {
        using var network = AffectNetworkFactory.Create(Architecture.ResNet50, Design.OneByTwo, 64);
        Assert.NotEqual("not applied yet", OneDnnGuard.Reason);
        var expected = OneDnnGuard.Decide(Environment.GetEnvironmentVariable(OneDnnGuard.OverrideVariable),
            !OperatingSystem.IsLinux() || Directory.Exists("/sys/devices/system/cpu/cpu0/cache")).Enable;
        Assert.Equal(expected, OneDnnGuard.OneDnnEnabled);
    }
}
