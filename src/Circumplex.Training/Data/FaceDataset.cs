namespace Circumplex.Training.Data;

/// <summary>A dataset's samples (metadata only) with the store their images come from, and what reading skipped.</summary>
public sealed class FaceDataset(string name, IReadOnlyList<FaceSample> samples, IImageStore images, IReadOnlyList<string> skipped) : IDisposable
{
    public string Name { get; } = name;
    public IReadOnlyList<FaceSample> Samples { get; } = samples;
    public IImageStore Images { get; } = images;
    /// <summary>One line per skipped row or file, with the reason (e.g. "line 7: expression 9 (uncertain)").</summary>
    public IReadOnlyList<string> Skipped { get; } = skipped;

    public bool HasAffect => Samples.Count > 0 && Samples.All(s => s.HasAffect);

    public bool HasExpressions => Samples.Count > 0 && Samples.All(s => s.Expression is not null);

    public IReadOnlyDictionary<Affect.Expression, int> ClassCounts() =>
        Samples.Where(s => s.Expression is not null).GroupBy(s => s.Expression!.Value).ToDictionary(g => g.Key, g => g.Count());

    public void Dispose() => Images.Dispose();
}
