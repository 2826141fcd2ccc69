using System.Text.Json;
using System.Text.Json.Serialization;
using Circumplex.Affect;
using Circumplex.Emotion;

namespace Circumplex.Training.Evaluation;

/// <summary>The four Table 2 metrics of one axis, as summary.json writes them.</summary>
public sealed record AxisSummary(double Rmse, double Corr, double Ccc, double Sagr)
{
    public static AxisSummary Of(AxisMetrics m) => new(m.Rmse, m.Corr, m.Ccc, m.Sagr);
}

/// <summary>
/// Everything <c>circumplex evaluate</c> found, as <c>summary.json</c>: Table 2's metrics of the regression, the
/// accuracy of the emotion the product names (the way analyse and serve name it), of the head alone, of the tree on the
/// true (v, a), and the confusion of the named emotion. Accuracies count over the classes the set has (FER2013 has no
/// contempt): the head chooses among those classes only, as FER2013's own models do.
/// </summary>
public sealed record EvaluationSummary
{
    public required int N { get; init; }
    public int? NoFace { get; init; }
    public AxisSummary? Valence { get; init; }
    public AxisSummary? Arousal { get; init; }
    public double? EmotionAccuracy { get; init; }
    public double? HeadAccuracy { get; init; }
    public double? TreeOnPredictedAccuracy { get; init; }
    public double? TreeOnTruthAccuracy { get; init; }
    public required string EmotionNaming { get; init; }
    public required IReadOnlyList<string> Classes { get; init; }
    public required int[][] Confusion { get; init; }

    /// <summary>Per image: the reading and the name the product gives it (null where no face was found).</summary>
    public static (EvaluationSummary Summary, IReadOnlyList<AffectReading?> Named) Build(IReadOnlyList<SampleReading> readings, EmotionNaming? naming)
    {
        var seen = readings.Where(r => r.FaceFound).ToList();
        var present = seen.Where(r => r.TrueExpression is not null).Select(r => r.TrueExpression!.Value).ToHashSet();
        var named = readings.Select(r => r.FaceFound && naming is not null ? naming.Name(r.Regression!.Value, r.Logits, present.Count > 0 ? present : null) : null).ToList();

        var withAffect = seen.Where(r => r.TrueValence is not null && r.TrueArousal is not null).ToList();
        AxisSummary? valence = null, arousal = null;
        if (withAffect.Count > 0)
        {
            valence = AxisSummary.Of(AffectMetrics.Compute([.. withAffect.Select(r => r.TrueValence!.Value)], [.. withAffect.Select(r => r.Regression!.Value.Valence)]));
            arousal = AxisSummary.Of(AffectMetrics.Compute([.. withAffect.Select(r => r.TrueArousal!.Value)], [.. withAffect.Select(r => r.Regression!.Value.Arousal)]));
        }

        var labelled = Enumerable.Range(0, readings.Count).Where(i => readings[i].FaceFound && readings[i].TrueExpression is not null).ToList();
        double? emotion = null, head = null, treeOnPredicted = null, treeOnTruth = null;
        var classes = present.Concat(labelled.Where(i => named[i] is not null).Select(i => named[i]!.Emotion)).Distinct().Order().ToList();
        var confusion = classes.Select(_ => new int[classes.Count]).ToArray();
        if (labelled.Count > 0 && naming is not null)
        {
            emotion = labelled.Count(i => named[i]!.Emotion == readings[i].TrueExpression) / (double)labelled.Count;
            treeOnPredicted = labelled.Count(i => naming.Tree.Predict(readings[i].Regression!.Value) == readings[i].TrueExpression) / (double)labelled.Count;
            foreach (int i in labelled) confusion[classes.IndexOf(readings[i].TrueExpression!.Value)][classes.IndexOf(named[i]!.Emotion)]++;
            var truthTriples = labelled.Where(i => readings[i].TrueValence is not null && readings[i].TrueArousal is not null)
                .Select(i => new LabelledAffect(new AffectPoint(readings[i].TrueValence!.Value, readings[i].TrueArousal!.Value), readings[i].TrueExpression!.Value)).ToList();
            if (truthTriples.Count > 0) treeOnTruth = naming.Tree.Accuracy(truthTriples);
        }
        if (labelled.Count > 0 && labelled.All(i => readings[i].Logits.Length == Expressions.Count))
            head = labelled.Count(i => ArgMax(readings[i].Logits, present) == readings[i].TrueExpression) / (double)labelled.Count;

        var summary = new EvaluationSummary
        {
            N = seen.Count,
            NoFace = readings.Count - seen.Count,
            Valence = valence,
            Arousal = arousal,
            EmotionAccuracy = emotion,
            HeadAccuracy = head,
            TreeOnPredictedAccuracy = treeOnPredicted,
            TreeOnTruthAccuracy = treeOnTruth,
            EmotionNaming = naming?.Method.ToString().ToLowerInvariant() ?? "none",
            Classes = [.. classes.Select(c => c.Name())],
            Confusion = confusion,
        };
        return (summary, named);
    }

    /// <summary>The head's most probable class, among <paramref name="allowed"/> (all when null).</summary>
    internal static Expression ArgMax(float[] logits, IReadOnlySet<Expression>? allowed = null)
    {
        int best = -1;
        for (int c = 0; c < logits.Length; c++)
            if ((allowed is null || allowed.Contains((Expression)c)) && (best < 0 || logits[c] > logits[best])) best = c;
        return (Expression)best;
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = true,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
