using Circumplex.Affect;
using Circumplex.Models;
using Circumplex.Training.Trainer;

namespace Circumplex.Training.Evaluation;

/// <summary>Valence and arousal CCC on the validation faces read once and read with their mirror image, and the choice.</summary>
public sealed record FlipChoiceResult(bool Chosen, double PlainValenceCcc, double PlainArousalCcc, double FlipValenceCcc, double FlipArousalCcc, int Count);

/// <summary>
/// Decides whether a model reads every face twice (as it is and mirrored, outputs averaged), from measurements on the
/// validation faces only: the flip is kept when it raises valence CCC + arousal CCC, since it doubles the cost of
/// every analysis.
/// </summary>
public static class FlipChoice
{
    public static FlipChoiceResult? Choose(AffectNetwork network, ModelMetadata meta, TrainingSet validation)
    {
        var plain = Score(ModelReader.Read(network, meta with { TestTimeFlip = false }, validation, detect: false));
        if (plain is null) return null;
        var flipped = Score(ModelReader.Read(network, meta with { TestTimeFlip = true }, validation, detect: false))!.Value;
        bool chosen = flipped.V + flipped.A > plain.Value.V + plain.Value.A;
        return new FlipChoiceResult(chosen, plain.Value.V, plain.Value.A, flipped.V, flipped.A, plain.Value.N);
    }

    private static (double V, double A, int N)? Score(IReadOnlyList<SampleReading> readings)
    {
        var rows = readings.Where(r => r.FaceFound && r.TrueValence is not null && r.TrueArousal is not null).ToArray();
        if (rows.Length < 2) return null;
        double[] tv = [.. rows.Select(r => r.TrueValence!.Value)], ta = [.. rows.Select(r => r.TrueArousal!.Value)];
        double[] pv = [.. rows.Select(r => r.Regression!.Value.Valence)], pa = [.. rows.Select(r => r.Regression!.Value.Arousal)];
        return (AffectMetrics.Ccc(tv, pv), AffectMetrics.Ccc(ta, pa), rows.Length);
    }
}
