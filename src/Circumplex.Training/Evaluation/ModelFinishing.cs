using Circumplex.Emotion;
using Circumplex.Models;
using Circumplex.Training.Data;
using Circumplex.Training.Emotion;
using Circumplex.Training.Trainer;

namespace Circumplex.Training.Evaluation;

/// <summary>What finishing found: the tree, the framing measured with the detector, and the naming chosen.</summary>
public sealed record FinishingReport((EmotionTree Tree, TreeSearchResult Best)? Tree, string? TreeData, FramingCalibrationResult? Framing, NamingChoiceResult? Naming,
    FlipChoiceResult? Flip = null, HeadBlurChoiceResult? HeadBlur = null, LogitAdjustmentChoiceResult? LogitAdjustment = null,
    HeadCentresChoiceResult? HeadCentres = null);

/// <summary>
/// The steps that make a trained network a product model, shared by <c>train</c> and <c>models calibrate</c>: the
/// emotion tree (grid-searched, at most 30 leaves) on the training faces' true (v, a, expression), the framing margin
/// measured with the face detector on the training crops, whether faces are also read mirrored, whether the head also
/// reads a blurred copy (when a categorical training set is blurry), how strongly the head's logits are adjusted for
/// the class frequencies it learned from (when <c>headTraining</c>, the labels as an epoch weighted them, is given),
/// and the naming (tree or head), chosen on validation faces.
/// </summary>
public static class ModelFinishing
{
    public static (ModelMetadata Metadata, FinishingReport Report) Finish(AffectNetwork network, ModelMetadata metadata,
        IEnumerable<FaceDataset> trainSets, TrainingSet validation, int seed, TrainingSet? headTraining = null)
    {
        // Every choice below is made on the network as trained, not on what an earlier finishing chose.
        metadata = metadata with { HeadLogitOffsets = null, HeadCentres = null, HeadCentreWeight = 0 };
        var treeData = trainSets.FirstOrDefault(d => d.HasAffect && d.HasExpressions);
        (EmotionTree Tree, TreeSearchResult Best)? tree = treeData is null ? null : EmotionTreeFitting.Fit(treeData, seed);
        metadata = metadata with { EmotionTreeJson = tree?.Tree.ToJson() ?? metadata.EmotionTreeJson };
        var framing = treeData is not null && treeData.Samples.All(s => s.Box is null) ? FramingCalibration.Measure(treeData) : null;
        if (framing is not null)
            metadata = metadata with { FramingMargin = Math.Round(framing.Margin, 3), FramingOffsetY = Math.Round(framing.OffsetY, 3) };
        var flip = FlipChoice.Choose(network, metadata, validation);
        if (flip is not null) metadata = metadata with { TestTimeFlip = flip.Chosen };
        var headBlur = HeadBlurChoice.Choose(network, metadata, validation, SharpnessMatching.Measure(trainSets, metadata.InputSize, seed));
        metadata = headBlur is null ? metadata with { HeadBlur = 0, HeadBlurWeight = 0 }
            : metadata with { HeadBlur = Math.Round(headBlur.Match.Fraction, 4), HeadBlurWeight = headBlur.ChosenWeight };
        var (adjustment, centres) = HeadChoices(network, metadata, validation, headTraining, treeData);
        metadata = metadata with { HeadLogitOffsets = adjustment?.Offsets };
        if (centres is { ChosenWeight: > 0 }) metadata = metadata with { HeadCentres = centres.Centres, HeadCentreWeight = centres.ChosenWeight };
        var namingTree = tree?.Tree ?? metadata.EmotionTree();
        var naming = namingTree is null ? null : NamingChoice.Choose(network, metadata, validation, namingTree);
        if (naming is not null) metadata = metadata with { EmotionNaming = naming.Chosen };
        return (metadata, new FinishingReport(tree, treeData?.Name, framing, naming, flip, headBlur, adjustment, centres));
    }

    /// <summary>
    /// The logit adjustment and then the class-centre weight, both from one reading of the validation faces (the head's
    /// logits as trained): the centres are weighed with the adjusted logits, shifted here as the model will shift them.
    /// </summary>
    private static (LogitAdjustmentChoiceResult?, HeadCentresChoiceResult?) HeadChoices(AffectNetwork network, ModelMetadata metadata,
        TrainingSet validation, TrainingSet? headTraining, FaceDataset? centresFrom)
    {
        var centres = centresFrom is null ? null : HeadCentresChoice.Centres(centresFrom);
        if (network.ExtraOutputs != Affect.Expressions.Count || (headTraining is null && centres is null)) return (null, null);
        var readings = ModelReader.Read(network, metadata, validation, detect: false);
        var adjustment = headTraining is null ? null : LogitAdjustmentChoice.Choose(readings, LogitAdjustmentChoice.Prior(headTraining));
        if (centres is null) return (adjustment, null);
        var shifted = adjustment?.Offsets is { } offsets
            ? readings.Select(r => r with { Logits = [.. r.Logits.Select((l, i) => l + offsets[i])] }).ToList()
            : readings;
        return (adjustment, HeadCentresChoice.Choose(shifted, centres));
    }

    public static IEnumerable<string> Describe(FinishingReport r)
    {
        if (r.Framing is { } f)
            yield return $"Framing: the detector's box is {f.BoxToCrop:0.000} of a training crop's side (median of {f.Detected} detections in {f.Examined} images); analysis frames it with margin {f.Margin:0.000} and offset {f.OffsetY:+0.000;-0.000} box heights, so the box is {f.BoxToCropWhenAnalysed:0.000} of its input.";
        if (r.Tree is { } t)
            yield return $"Emotion tree: {t.Tree.LeafCount} leaves, {t.Best.HyperParameters}, cross-validated accuracy {t.Best.CrossValidatedAccuracy:P1} on {r.TreeData}.";
        if (r.Flip is { } p)
            yield return $"Test-time flip on {p.Count} validation faces: CCC valence {p.PlainValenceCcc:0.000} → {p.FlipValenceCcc:0.000}, arousal {p.PlainArousalCcc:0.000} → {p.FlipArousalCcc:0.000} → {(p.Chosen ? "on" : "off")}.";
        if (r.HeadBlur is { } b)
            yield return $"Head blur: {b.Match.BlurrySet} is blurrier than {b.Match.SharpSet} (sharpness {b.Match.BlurryMedian:0.0000} against {b.Match.SharpMedian:0.0000}; a blur of {b.Match.Sigma:0.00} px matches them); head accuracy on {b.Count} validation faces with the blurred reading weighted {string.Join(", ", b.Scores.Select(s => $"{s.Weight:0.#}: {s.Accuracy:P1}"))} → {b.ChosenWeight:0.#}.";
        if (r.LogitAdjustment is { } a)
            yield return $"Logit adjustment for the head's training labels (shares {string.Join(" ", a.Prior.Select(p => p.ToString("P1")))} in the order of the expressions): head accuracy on {a.Count} validation faces with strength {string.Join(", ", a.Scores.Select(s => $"{s.Strength:0.#}: {s.Accuracy:P1}"))} → {a.ChosenStrength:0.#}.";
        if (r.HeadCentres is { } c)
            yield return $"(v, a) leaning on the head's class centres, on {c.Count} validation faces: CCC valence/arousal with weight {string.Join(", ", c.Scores.Select(s => $"{s.Weight:0.##}: {s.ValenceCcc:0.000}/{s.ArousalCcc:0.000}"))} → {c.ChosenWeight:0.##}.";
        if (r.Naming is { } n)
            yield return $"Emotion naming on {n.Count} validation faces: tree {n.TreeAccuracy:P1}, head {(n.HeadAccuracy is double h ? h.ToString("P1") : "n/a")} → {n.Chosen}.";
    }

    public static void AddDetails(Dictionary<string, string> details, FinishingReport r)
    {
        details["emotion_naming"] = r.Naming is { } n ? $"{n.Chosen}: tree {n.TreeAccuracy:0.000}, head {n.HeadAccuracy?.ToString("0.000") ?? "n/a"} on {n.Count} validation faces" : "none";
        details["framing"] = r.Framing is { } f ? $"detector box / training crop {f.BoxToCrop:0.000} ({f.Detected} of {f.Examined} detected), margin {f.Margin:0.000}" : "default";
        details["test_time_flip"] = r.Flip is { } p ? $"{(p.Chosen ? "on" : "off")}: CCC valence {p.PlainValenceCcc:0.000}/{p.FlipValenceCcc:0.000}, arousal {p.PlainArousalCcc:0.000}/{p.FlipArousalCcc:0.000} (plain/flipped) on {p.Count} validation faces" : "off";
        details["head_blur"] = r.HeadBlur is { } b ? $"sigma {b.Match.Fraction:0.0000} of the side ({b.Match.BlurrySet} vs {b.Match.SharpSet}), weight {b.ChosenWeight:0.#}; head accuracy {string.Join(", ", b.Scores.Select(s => $"{s.Weight:0.#}: {s.Accuracy:0.000}"))} on {b.Count} validation faces" : "none";
        details["logit_adjustment"] = r.LogitAdjustment is { } a ? $"strength {a.ChosenStrength:0.#}; head accuracy {string.Join(", ", a.Scores.Select(s => $"{s.Strength:0.#}: {s.Accuracy:0.000}"))} on {a.Count} validation faces" : "none";
        details["head_centres"] = r.HeadCentres is { } c ? $"weight {c.ChosenWeight:0.##}; CCC valence/arousal {string.Join(", ", c.Scores.Select(s => $"{s.Weight:0.##}: {s.ValenceCcc:0.000}/{s.ArousalCcc:0.000}"))} on {c.Count} validation faces" : "none";
        if (r.Tree is { } t) details["emotion_tree"] = $"{t.Best.HyperParameters}, {t.Tree.LeafCount} leaves, cv accuracy {t.Best.CrossValidatedAccuracy:0.000} on {r.TreeData}";
    }
}
