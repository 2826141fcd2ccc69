using Circumplex.Models.Runtime;
using Xunit;

namespace Circumplex.Models.Tests;

public class OneDnnGuardTests
{
    [Theory]
    [InlineData(null, true, Architecture.ResNet50, true)]
    [InlineData(null, false, Architecture.ResNet50, false)]
    [InlineData("", false, Architecture.ResNet50, false)]
    [InlineData(null, false, Architecture.ResNet18, true)]
    [InlineData(null, false, Architecture.InvNet50, true)]
    [InlineData("on", false, Architecture.ResNet50, true)]
    [InlineData(" ON ", false, Architecture.ResNet50, true)]
    [InlineData("1", false, Architecture.ResNet50, true)]
    [InlineData("off", true, Architecture.ResNet18, false)]
    [InlineData("false", true, Architecture.ResNet18, false)]
    public void An_override_wins_otherwise_onednn_is_off_only_for_a_network_it_crashes_on_a_cpu_without_cache_sizes(
        string? value, bool caches, Architecture architecture, bool expected)
    {
        var (enable, reason) = OneDnnGuard.Decide(value, caches, architecture);
        Assert.Equal(expected, enable);
        Assert.False(string.IsNullOrWhiteSpace(reason));
    }

    [Fact]
    public void A_misspelt_override_is_a_clear_error()
    {
        var e = Assert.Throws<ArgumentException>(() => OneDnnGuard.Decide("maybe", true, Architecture.ResNet18));
        Assert.Contains(OneDnnGuard.OverrideVariable, e.Message);
        Assert.Contains("maybe", e.Message);
    }

    [Fact]
    public void Building_a_network_that_crashes_onednn_turns_it_off_for_good()
    {
        using var network = AffectNetworkFactory.Create(Architecture.ResNet50, Design.OneByTwo, 64);
        bool caches = !OperatingSystem.IsLinux() || Directory.Exists("/sys/devices/system/cpu/cpu0/cache");
        var expected = OneDnnGuard.Decide(Environment.GetEnvironmentVariable(OneDnnGuard.OverrideVariable), caches, Architecture.ResNet50).Enable;
        Assert.Equal(expected, OneDnnGuard.OneDnnEnabled);
        if (expected) return;
        // A network oneDNN would run afterwards must not switch it back on while the ResNet50 may be mid-step.
        using var other = AffectNetworkFactory.Create(Architecture.ResNet18, Design.OneByTwo, 64);
        Assert.False(OneDnnGuard.OneDnnEnabled);
    }

    [Fact]
    public void A_resnet18_training_step_runs_under_the_guard_s_decision()
    {
        // The decision lets oneDNN run ResNet18's backward on CPUs without cache sizes; a wrong decision kills the
        // test process with SIGFPE instead of failing quietly.
        using var network = AffectNetworkFactory.Create(Architecture.ResNet18, Design.OneByTwo, 64);
        network.train();
        using var x = TorchSharp.torch.randn(4, 3, 64, 64);
        using var loss = network.forward(x).pow(2).sum();
        loss.backward();
        Assert.All(network.parameters(), p => Assert.NotNull(p.grad));
    }
}
