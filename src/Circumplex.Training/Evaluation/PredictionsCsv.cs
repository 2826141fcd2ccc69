using System.Globalization;
using Circumplex.Affect;
using Circumplex.Emotion;
using nietras.SeparatedValues;

namespace Circumplex.Training.Evaluation;

/// <summary><c>predictions.csv</c>: one row per evaluated image — its labels, the regressed (v, a), the point drawn
/// and the emotion named, and the head's probabilities (empty where the model has no head or no face was found).</summary>
public static class PredictionsCsv
{
    public static void Write(string path, IReadOnlyList<SampleReading> readings, IReadOnlyList<AffectReading?> named)
    {
        using var writer = Sep.Writer(o => o with { Escape = true }).ToFile(path);
        static string F(double? x) => x is double d ? d.ToString("0.######", CultureInfo.InvariantCulture) : "";
        for (int i = 0; i < readings.Count; i++)
        {
            var r = readings[i];
            var n = named[i];
            using var row = writer.NewRow();
            row["path"].Set(r.Key);
            row["true_valence"].Set(F(r.TrueValence));
            row["true_arousal"].Set(F(r.TrueArousal));
            row["true_expression"].Set(r.TrueExpression?.Name() ?? "");
            row["face_found"].Set(r.FaceFound ? "true" : "false");
            row["valence"].Set(F(r.Regression?.Valence));
            row["arousal"].Set(F(r.Regression?.Arousal));
            row["point_valence"].Set(F(n?.Point.Valence));
            row["point_arousal"].Set(F(n?.Point.Arousal));
            row["emotion"].Set(n?.Emotion.Name() ?? "");
            foreach (var e in Expressions.All)
                row[$"p_{e.Name()}"].Set(n?.Probabilities is { } p ? F(p[(int)e]) : "");
        }
    }
}
