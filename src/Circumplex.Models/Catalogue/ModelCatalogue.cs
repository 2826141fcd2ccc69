namespace Circumplex.Models;

/// <summary>One line of <c>circumplex models list</c>: an architecture in one design, measured against the paper.</summary>
public sealed record ModelCatalogueEntry(
    Architecture Architecture,
    Design Design,
    int InputSize,
    long Parameters,
    int Networks,
    double? PaperMillionsPerNetwork)
{
    public long ParametersPerNetwork => Parameters / Networks;

    /// <summary>Signed relative difference of the per-network count from the paper's, e.g. 0.022 for +2.2%; null when the paper has no such model.</summary>
    public double? Deviation => PaperMillionsPerNetwork is double paper ? ParametersPerNetwork / (paper * 1e6) - 1 : null;

    /// <summary>Within ±5% of the paper's count; true when the paper has nothing to compare with.</summary>
    public bool WithinTolerance => Deviation is not double d || Math.Abs(d) <= PaperFigures.Tolerance;

    /// <summary>"2 × 58.3M" for 2×1, "10.6M" for 1×2, like the paper's Params column.</summary>
    public string DisplayParameters => Networks == 1
        ? FormattableString.Invariant($"{Parameters / 1e6:0.0}M")
        : FormattableString.Invariant($"{Networks} × {ParametersPerNetwork / 1e6:0.0}M");

    public string DisplayDesign => Design == Design.OneByTwo ? "1×2" : "2×1";
}

/// <summary>All six architectures in both designs with their parameter counts (counted without allocating weights).</summary>
public static class ModelCatalogue
{
    public static IReadOnlyList<ModelCatalogueEntry> List(int inputSize = PaperFigures.InputSize)
    {
        var entries = new List<ModelCatalogueEntry>();
        foreach (var architecture in Enum.GetValues<Architecture>())
            foreach (var design in Enum.GetValues<Design>())
                entries.Add(Describe(architecture, design, inputSize));
        return entries;
    }

    public static ModelCatalogueEntry Describe(Architecture architecture, Design design, int inputSize = PaperFigures.InputSize)
        => new(architecture, design, inputSize,
            ParameterCount.Of(architecture, design, inputSize),
            design == Design.OneByTwo ? 1 : 2,
            PaperFigures.MillionsPerNetwork(architecture));
}
