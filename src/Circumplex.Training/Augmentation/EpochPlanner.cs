using Circumplex.Affect;

namespace Circumplex.Training.Augmentation;

/// <summary>
/// Composes each epoch's list of images under a plan, exactly as the paper's Section 5 describes, with fresh
/// random choices every epoch (the cap's subset is drawn once per run, as the paper capped the dataset once).
/// Needs only class labels, so it is tested with AffectNet's published class counts and no images.
/// </summary>
public sealed class EpochPlanner
{
    public const int ClassCap = 20_000;
    public const int DrawsPerClassPlanA = 20_000;

    private readonly AugmentationPlan _plan;
    private readonly int _seed;
    private readonly int[][] _cappedByClass; // sample indices of each class after the cap
    private readonly int _sampleCount;

    /// <param name="labels">The class of each sample (index = sample index); required for plans A and B.</param>
    public EpochPlanner(AugmentationPlan plan, IReadOnlyList<Expression?> labels, int seed)
    {
        _plan = plan;
        _seed = seed;
        _sampleCount = labels.Count;
        if (plan != AugmentationPlan.None && labels.Any(l => l is null))
            throw new ArgumentException($"plan {plan} balances classes, so every sample needs an expression label");
        var rng = new Random(seed);
        _cappedByClass = new int[Expressions.Count][];
        for (int c = 0; c < Expressions.Count; c++)
        {
            int[] members = Enumerable.Range(0, labels.Count).Where(i => labels[i] == (Expression)c).ToArray();
            if (members.Length > ClassCap)
            {
                rng.Shuffle(members);
                members = members[..ClassCap];
                Array.Sort(members);
            }
            _cappedByClass[c] = members;
        }
    }

    /// <summary>How many images each class contributes to one epoch.</summary>
    public IReadOnlyDictionary<Expression, int> PerClassPerEpoch() =>
        Enumerable.Range(0, Expressions.Count).ToDictionary(c => (Expression)c, c => _plan switch
        {
            AugmentationPlan.A => _cappedByClass[c].Length == 0 ? 0 : DrawsPerClassPlanA,
            AugmentationPlan.B => _cappedByClass[c].Length,
            _ => _cappedByClass[c].Length,
        });

    public int EpochSize => _plan == AugmentationPlan.None ? _sampleCount : PerClassPerEpoch().Values.Sum();

    /// <summary>The shuffled list of (sample, treatment) for an epoch; the same epoch number always gives the same list.</summary>
    public EpochItem[] Epoch(int epoch)
    {
        var rng = new Random(HashCode.Combine(_seed, epoch, 0x5EED));
        var items = new List<EpochItem>(EpochSize);
        switch (_plan)
        {
            case AugmentationPlan.None:
                // The plain data: no augmentation at all, every sample once.
                for (int i = 0; i < _sampleCount; i++) items.Add(new EpochItem(i, AugmentationOp.Nothing));
                break;
            case AugmentationPlan.A:
                foreach (var members in _cappedByClass)
                {
                    if (members.Length == 0) continue;
                    for (int d = 0; d < DrawsPerClassPlanA; d++) items.Add(new EpochItem(members[rng.Next(members.Length)], RandomOp(rng)));
                }
                break;
            case AugmentationPlan.B:
                foreach (var members in _cappedByClass)
                    foreach (int m in members) items.Add(new EpochItem(m, RandomOp(rng)));
                break;
        }
        var array = items.ToArray();
        rng.Shuffle(array);
        return array;
    }

    private static AugmentationOp RandomOp(Random rng) => (AugmentationOp)rng.Next(5);
}
