namespace Circumplex.Training.Data;

/// <summary>
/// Holds out a stratified fraction of a dataset for validation, so that early stopping never looks at the test set.
/// Both parts share the original's image store, which stays owned by the original dataset.
/// </summary>
public static class DatasetSplit
{
    public static (FaceDataset Train, FaceDataset Validation) Stratified(FaceDataset dataset, double validationFraction, int seed)
    {
        if (validationFraction is <= 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "the validation fraction must lie strictly between 0 and 1");
        var rng = new Random(seed);
        var train = new List<FaceSample>();
        var validation = new List<FaceSample>();
        foreach (var group in dataset.Samples.GroupBy(s => s.Expression).OrderBy(g => g.Key is null ? -1 : (int)g.Key))
        {
            var members = group.ToArray();
            rng.Shuffle(members);
            int held = (int)Math.Round(members.Length * validationFraction);
            validation.AddRange(members[..held]);
            train.AddRange(members[held..]);
        }
        if (train.Count == 0 || validation.Count == 0)
            throw new InvalidOperationException($"{dataset.Name} has too few samples ({dataset.Samples.Count}) to hold out {validationFraction:P0}");
        var shared = new BorrowedImageStore(dataset.Images);
        return (new FaceDataset($"{dataset.Name} (train part)", train, shared, []),
                new FaceDataset($"{dataset.Name} (held-out {validationFraction:P0})", validation, shared, []));
    }

    /// <summary>Reads through to a store it does not own: disposing the split parts leaves the original usable.</summary>
    private sealed class BorrowedImageStore(IImageStore inner) : IImageStore
    {
        public byte[] Read(string key) => inner.Read(key);
        public bool Contains(string key) => inner.Contains(key);
        public void Dispose() { }
    }
}
