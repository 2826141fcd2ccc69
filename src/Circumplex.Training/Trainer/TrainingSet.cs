using Circumplex.Affect;
using Circumplex.Training.Data;

namespace Circumplex.Training.Trainer;

/// <summary>
/// Several datasets seen as one list of samples (e.g. AffectNet with valence/arousal plus FER2013 with classes only),
/// addressed by a global index.
/// </summary>
public sealed class TrainingSet
{
    private readonly FaceDataset[] _datasets;
    private readonly int[] _offsets;

    public TrainingSet(params FaceDataset[] datasets)
    {
        if (datasets.Length == 0) throw new ArgumentException("a training set needs at least one dataset");
        _datasets = datasets;
        _offsets = new int[datasets.Length + 1];
        for (int i = 0; i < datasets.Length; i++) _offsets[i + 1] = _offsets[i] + datasets[i].Samples.Count;
        if (Count == 0) throw new ArgumentException("the datasets hold no samples");
    }

    public int Count => _offsets[^1];

    public IReadOnlyList<FaceDataset> Datasets => _datasets;

    public (FaceDataset Dataset, FaceSample Sample) this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
            int d = Array.BinarySearch(_offsets, index);
            d = d >= 0 ? d : ~d - 1;
            while (_offsets[d + 1] <= index) d++; // skip empty datasets
            return (_datasets[d], _datasets[d].Samples[index - _offsets[d]]);
        }
    }

    public IReadOnlyList<Expression?> Labels() => Enumerable.Range(0, Count).Select(i => this[i].Sample.Expression).ToArray();

    /// <summary>"a.csv (2,040) ×3 + fer.zip (28,709)": a dataset listed several times (weighted up) is named once.</summary>
    public string Describe() => string.Join(" + ", _datasets.GroupBy(d => d).Select(g =>
        $"{g.Key.Name} ({g.Key.Samples.Count:N0}){(g.Count() > 1 ? $" ×{g.Count()}" : "")}"));
}
