using System.Text.Json;
using System.Text.Json.Serialization;
using Circumplex.Affect;

namespace Circumplex.Emotion;

/// <summary>
/// A fitted CART tree over (valence, arousal) that names one of the eight expressions.
/// Stored as flat node arrays so it serialises to compact JSON inside a model file.
/// </summary>
public sealed class EmotionTree
{
    /// <summary>Feature tested at each node: 0 valence, 1 arousal, -1 for a leaf.</summary>
    public int[] Feature { get; }
    public double[] Threshold { get; }
    public int[] Left { get; }
    public int[] Right { get; }
    /// <summary>Class predicted at each node (the majority of its training samples; meaningful at leaves).</summary>
    public int[] Label { get; }
    public TreeHyperParameters HyperParameters { get; }

    [JsonConstructor]
    public EmotionTree(int[] feature, double[] threshold, int[] left, int[] right, int[] label, TreeHyperParameters hyperParameters)
    {
        int n = feature.Length;
        if (n == 0) throw new ArgumentException("an emotion tree needs at least one node");
        if (threshold.Length != n || left.Length != n || right.Length != n || label.Length != n)
            throw new ArgumentException("emotion tree arrays differ in length");
        for (int i = 0; i < n; i++)
        {
            if (!Expressions.IsValidCode(label[i])) throw new ArgumentException($"node {i} has label {label[i]}, not an expression code 0-7");
            if (feature[i] == -1) continue;
            if (feature[i] is not (0 or 1)) throw new ArgumentException($"node {i} tests feature {feature[i]}; only 0 (valence) and 1 (arousal) exist");
            // Children always follow their parent, which rules out cycles in a corrupt file.
            if (left[i] <= i || left[i] >= n || right[i] <= i || right[i] >= n)
                throw new ArgumentException($"node {i} has children {left[i]}/{right[i]} outside the tree");
        }
        Feature = feature; Threshold = threshold; Left = left; Right = right; Label = label;
        HyperParameters = hyperParameters;
    }

    public int NodeCount => Feature.Length;

    public int LeafCount => Feature.Count(f => f == -1);

    /// <summary>
    /// The same function with fewer nodes: every split whose two sides name one emotion everywhere becomes a leaf (CART
    /// keeps such splits because they lower impurity, but they only cut a region into slivers of one colour).
    /// </summary>
    public EmotionTree Pruned()
    {
        var feature = new List<int>(); var threshold = new List<double>(); var left = new List<int>(); var right = new List<int>(); var label = new List<int>();
        int Copy(int node)
        {
            int at = feature.Count;
            feature.Add(-1); threshold.Add(0); left.Add(-1); right.Add(-1); label.Add(Label[node]);
            if (Feature[node] == -1 || SingleLabel(node) is int only)
            {
                if (Feature[node] != -1) label[at] = SingleLabel(node)!.Value;
                return at;
            }
            feature[at] = Feature[node]; threshold[at] = Threshold[node];
            left[at] = Copy(Left[node]);
            right[at] = Copy(Right[node]);
            return at;
        }
        Copy(0);
        return new EmotionTree([.. feature], [.. threshold], [.. left], [.. right], [.. label], HyperParameters);
    }

    /// <summary>The one emotion every leaf under <paramref name="node"/> names, or null when they differ.</summary>
    private int? SingleLabel(int node)
    {
        if (Feature[node] == -1) return Label[node];
        int? l = SingleLabel(Left[node]), r = SingleLabel(Right[node]);
        return l is not null && l == r ? l : null;
    }

    public int Depth => DepthOf(0);

    private int DepthOf(int node) => Feature[node] == -1 ? 0 : 1 + Math.Max(DepthOf(Left[node]), DepthOf(Right[node]));

    public Expression Predict(AffectPoint point)
    {
        int node = 0;
        while (Feature[node] != -1)
        {
            double x = Feature[node] == 0 ? point.Valence : point.Arousal;
            node = x <= Threshold[node] ? Left[node] : Right[node];
        }
        return (Expression)Label[node];
    }

    public double Accuracy(IReadOnlyList<LabelledAffect> samples)
    {
        if (samples.Count == 0) throw new ArgumentException("accuracy needs at least one sample");
        int correct = 0;
        foreach (var s in samples) if (Predict(s.Point) == s.Expression) correct++;
        return (double)correct / samples.Count;
    }

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static EmotionTree FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<EmotionTree>(json, Json) ?? throw new FormatException("emotion tree JSON is null");
        }
        catch (JsonException e)
        {
            throw new FormatException($"emotion tree JSON is malformed: {e.Message}", e);
        }
    }
}

/// <summary>CART hyper-parameters, named as scikit-learn names them so results compare directly.</summary>
public sealed record TreeHyperParameters(int MaxDepth, int MinSamplesSplit, int MinSamplesLeaf)
{
    public void Validate()
    {
        if (MaxDepth < 1) throw new ArgumentOutOfRangeException(nameof(MaxDepth), MaxDepth, "max depth must be at least 1");
        if (MinSamplesSplit < 2) throw new ArgumentOutOfRangeException(nameof(MinSamplesSplit), MinSamplesSplit, "a split needs at least 2 samples");
        if (MinSamplesLeaf < 1) throw new ArgumentOutOfRangeException(nameof(MinSamplesLeaf), MinSamplesLeaf, "a leaf needs at least 1 sample");
    }
}
