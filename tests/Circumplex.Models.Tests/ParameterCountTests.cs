using Xunit;

namespace Circumplex.Models.Tests;

public class ParameterCountTests
{
    [Theory]
    [MemberData(nameof(NetworkShapeTests.AllModels), MemberType = typeof(NetworkShapeTests))]
    public void Every_network_is_within_five_percent_of_the_paper(Architecture architecture, Design design)
    {
        var entry = ModelCatalogue.Describe(architecture, design);
        Assert.True(entry.WithinTolerance,
            $"{architecture} {design}: {entry.ParametersPerNetwork:N0} per network vs the paper's {entry.PaperMillionsPerNetwork}M ({entry.Deviation:+0.0%;-0.0%})");
    }

    [Fact]
    public void Two_by_one_holds_exactly_two_single_output_networks()
    {
        foreach (var architecture in Enum.GetValues<Architecture>())
        {
            long one = ParameterCount.Of(architecture, Design.OneByTwo);
            long two = ParameterCount.Of(architecture, Design.TwoByOne);
            // Each 2×1 network lacks one output row of the 1×2 head: (features + 1) parameters.
            Assert.True(two > one && two < 2 * one, $"{architecture}: 1×2 {one:N0}, 2×1 {two:N0}");
        }
    }

    [Fact]
    public void Counting_on_the_meta_device_matches_a_real_model()
    {
        using var network = AffectNetworkFactory.Create(Architecture.DRViT, Design.OneByTwo, 224);
        Assert.Equal(ParameterCount.Of(network), ParameterCount.Of(Architecture.DRViT, Design.OneByTwo, 224));
    }

    [Fact]
    public void Known_reference_counts()
    {
        // torchvision's resnet50 is 25,557,032 with its 1000-way layer; plus a 1000→2 regressor.
        Assert.Equal(25_557_032 + 2_002, ParameterCount.Of(Architecture.ResNet50, Design.OneByTwo));
        // ViT-B/16 with a 768→1 head is 85.8M (SPEC §4).
        Assert.InRange(ParameterCount.Of(Architecture.ViT, Design.TwoByOne) / 2, 85_750_000, 85_850_000);
    }

    [Fact]
    public void The_catalogue_lists_six_architectures_in_two_designs()
    {
        var entries = ModelCatalogue.List();
        Assert.Equal(12, entries.Count);
        Assert.All(entries, e => Assert.Equal(224, e.InputSize));
        var alexnet = entries.Single(e => e.Architecture == Architecture.AlexNet && e.Design == Design.TwoByOne);
        Assert.Equal("2 × 58.3M", alexnet.DisplayParameters);
        Assert.Equal("2×1", alexnet.DisplayDesign);
    }
}
