using System.Text.Json;
using Circumplex.Affect;
using Circumplex.Emotion;
using Circumplex.Training.Evaluation;
using nietras.SeparatedValues;
using Xunit;

namespace Circumplex.Training.Tests.Evaluation;

public class EvaluationSummaryTests
{
    // Right of v = 0 is happy, left is sad: a one-split tree.
    private static EmotionTree HappySadTree() => new([0, -1, -1], [0.0, 0, 0], [1, -1, -1], [2, -1, -1],
        [(int)Expression.Happy, (int)Expression.Sad, (int)Expression.Happy], new TreeHyperParameters(1, 2, 1));

    private static float[] Logits(Expression e) { var l = new float[Expressions.Count]; l[(int)e] = 4; return l; }

    private static List<SampleReading> Readings() =>
    [
        new("a.jpg", 0.5, 0.2, Expression.Happy, new AffectPoint(0.4, 0.1), Logits(Expression.Happy)),   // both right
        new("b.jpg", -0.5, -0.2, Expression.Sad, new AffectPoint(0.1, -0.1), Logits(Expression.Sad)),    // tree wrong, head right
        new("c.jpg", -0.4, 0.0, Expression.Sad, new AffectPoint(-0.3, 0.0), Logits(Expression.Happy)),   // tree right, head wrong
        new("d.jpg", 0.3, 0.3, Expression.Happy, null, []),                                              // no face found
    ];

    [Fact]
    public void Summary_counts_the_named_emotion_the_head_and_the_tree_and_leaves_out_faces_not_found()
    {
        var (summary, named) = EvaluationSummary.Build(Readings(), new EmotionNaming(HappySadTree(), EmotionNamingMethod.Head));

        Assert.Equal(3, summary.N);
        Assert.Equal(1, summary.NoFace);
        Assert.Equal(2 / 3.0, summary.EmotionAccuracy!.Value, 9); // head names a, b right (c wrong)
        Assert.Equal(2 / 3.0, summary.HeadAccuracy!.Value, 9);
        Assert.Equal(2 / 3.0, summary.TreeOnPredictedAccuracy!.Value, 9); // a, c
        Assert.Equal(1.0, summary.TreeOnTruthAccuracy!.Value, 9);
        Assert.Equal(["happy", "sad"], summary.Classes);
        Assert.Equal([[1, 0], [1, 1]], summary.Confusion); // rows truth, columns named
        Assert.Null(named[3]);
        // The point drawn for b moved into the head's region; the regression stays what Table 2 measures.
        Assert.True(named[1]!.Point.Valence <= 0);
        Assert.Equal(0.1, named[1]!.Regression.Valence, 9);
    }

    [Fact]
    public void Summary_json_has_the_documented_keys()
    {
        var (summary, _) = EvaluationSummary.Build(Readings(), new EmotionNaming(HappySadTree(), EmotionNamingMethod.Tree));
        using var doc = JsonDocument.Parse(summary.ToJson());
        var root = doc.RootElement;
        foreach (string key in new[] { "n", "valence", "arousal", "emotion_accuracy", "head_accuracy", "tree_on_truth_accuracy", "classes", "confusion" })
            Assert.True(root.TryGetProperty(key, out _), $"summary.json lacks {key}");
        foreach (string metric in new[] { "rmse", "corr", "ccc", "sagr" })
            Assert.True(root.GetProperty("valence").TryGetProperty(metric, out _), $"valence lacks {metric}");
        Assert.Equal(3, root.GetProperty("n").GetInt32());
        Assert.Equal("tree", root.GetProperty("emotion_naming").GetString());
    }

    [Fact]
    public void Sets_without_valence_and_arousal_have_no_axis_metrics()
    {
        List<SampleReading> categorical = [new("x.jpg", null, null, Expression.Happy, new AffectPoint(0.2, 0.1), Logits(Expression.Happy))];
        var (summary, _) = EvaluationSummary.Build(categorical, new EmotionNaming(HappySadTree(), EmotionNamingMethod.Head));
        using var doc = JsonDocument.Parse(summary.ToJson());
        Assert.False(doc.RootElement.TryGetProperty("valence", out _));
        Assert.False(doc.RootElement.TryGetProperty("tree_on_truth_accuracy", out _));
        Assert.Equal(1.0, summary.EmotionAccuracy);
    }

    [Fact]
    public void Predictions_csv_has_one_row_per_image_and_reads_back()
    {
        var readings = Readings();
        var (_, named) = EvaluationSummary.Build(readings, new EmotionNaming(HappySadTree(), EmotionNamingMethod.Head));
        string path = Path.GetTempFileName();
        try
        {
            PredictionsCsv.Write(path, readings, named);
            using var reader = Sep.Reader().FromFile(path);
            var rows = reader.Enumerate(r => (Path: r["path"].ToString(), Found: r["face_found"].ToString(), Emotion: r["emotion"].ToString(),
                Valence: r["valence"].ToString(), PHappy: r["p_happy"].ToString())).ToList();
            Assert.Equal(readings.Select(r => r.Key), rows.Select(r => r.Path));
            Assert.Equal("sad", rows[1].Emotion);
            Assert.Equal("false", rows[3].Found);
            Assert.Equal("", rows[3].Valence);
            Assert.True(double.Parse(rows[0].PHappy, System.Globalization.CultureInfo.InvariantCulture) > 0.8); // e⁴ / (e⁴ + 7)
        }
        finally { File.Delete(path); }
    }
}
