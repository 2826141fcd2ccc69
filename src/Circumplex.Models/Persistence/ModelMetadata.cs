using System.Text.Json;
using System.Text.Json.Serialization;
using Circumplex.Affect;
using Circumplex.Emotion;

namespace Circumplex.Models;

/// <summary>
/// Everything a model file says about its weights: enough to rebuild the network (architecture, design,
/// input size), to feed it (normalisation) and to judge it (training data, metrics) without the training code.
/// </summary>
public sealed record ModelMetadata
{
    /// <summary>ImageNet statistics: what the paper's transfer-learned models expect, and a sane default otherwise.</summary>
    public static readonly float[] ImageNetMean = [0.485f, 0.456f, 0.406f];
    public static readonly float[] ImageNetStd = [0.229f, 0.224f, 0.225f];

    public required Architecture Architecture { get; init; }
    public required Design Design { get; init; }
    /// <summary>Side of the square RGB input in pixels.</summary>
    public required int InputSize { get; init; }

    /// <summary>Network outputs after valence and arousal (8 expression logits when trained with the auxiliary head).</summary>
    public int ExtraOutputs { get; init; }

    /// <summary>Per-channel (R, G, B) mean subtracted from pixels scaled to [0, 1].</summary>
    public float[] NormalizationMean { get; init; } = [.. ImageNetMean];
    /// <summary>Per-channel (R, G, B) standard deviation that mean-subtracted pixels are divided by.</summary>
    public float[] NormalizationStd { get; init; } = [.. ImageNetStd];

    /// <summary>Filled in when the file is written: a check that the weights are those of this architecture.</summary>
    public long ParameterCount { get; init; }

    public TrainingDataSummary? TrainingData { get; init; }

    /// <summary>Named evaluation figures, e.g. "test.valence.rmse" (see <see cref="ModelMetrics"/>).</summary>
    public Dictionary<string, double>? Metrics { get; init; }

    /// <summary>The emotion-naming decision tree (<see cref="EmotionTree.ToJson"/>), when one was trained with the model.</summary>
    public string? EmotionTreeJson { get; init; }

    /// <summary>How the emotion is named: the tree at the regressed point (the paper), or the expression head with the
    /// point moved into that emotion's region (chosen by measuring both on validation data).</summary>
    public EmotionNamingMethod EmotionNaming { get; init; } = EmotionNamingMethod.Tree;

    /// <summary>Context around a detected face box on every side, as a fraction of its longer side, chosen so that
    /// detected faces are framed as the training faces were (measured with <c>circumplex evaluate --detect</c>).</summary>
    public double FramingMargin { get; init; } = 0.2;

    /// <summary>Moves the framing square down by this fraction of the box height.</summary>
    public double FramingOffsetY { get; init; }

    /// <summary>Whether every face is read twice, as it is and mirrored, and the two outputs averaged (test-time
    /// augmentation; chosen by measuring both on validation data, as the naming is).</summary>
    public bool TestTimeFlip { get; init; }

    /// <summary>Gaussian blur, as a fraction of the input side, of a second reading whose expression logits are mixed
    /// into the head's (0 = none). Set when a categorical training set is much blurrier than the faces the product
    /// reads (FER2013's train images here), so that the head can also read a face the way it learned that set.</summary>
    public double HeadBlur { get; init; }

    /// <summary>Weight of the blurred reading's expression logits (0 = the plain reading only, 1 = the blurred only);
    /// chosen on validation faces.</summary>
    public double HeadBlurWeight { get; init; }

    /// <summary>Added to the expression head's logits after every other step (null = none): −τ·ln of each class's share
    /// of the head's training labels, so that a head trained on an unbalanced mix (FER2013's many happy faces, no
    /// contempt) names classes as if they had been equally common ("logit adjustment", Menon et al., 2021). τ is
    /// chosen on validation faces.</summary>
    public float[]? HeadLogitOffsets { get; init; }

    /// <summary>Each expression's centre on the circumplex (valence, arousal pairs in the order of the expressions: the
    /// mean true (v, a) of the training faces of that class), or null.</summary>
    public float[]? HeadCentres { get; init; }

    /// <summary>How much of the reported (v, a) comes from the head: (1 − w)·regression + w·Σ p(class)·centre(class)
    /// (0 = the regression alone); chosen on validation faces.</summary>
    public double HeadCentreWeight { get; init; }

    public DateTimeOffset CreatedUtc { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>Free text: command line, seed, notes.</summary>
    public string? Description { get; init; }

    /// <summary>Metadata for a freshly built or trained network, created now.</summary>
    public static ModelMetadata For(AffectNetwork network) => new()
    {
        Architecture = network.Architecture,
        Design = network.Design,
        InputSize = network.InputSize,
        ExtraOutputs = network.ExtraOutputs,
    };

    public EmotionTree? EmotionTree() => EmotionTreeJson is null ? null : Emotion.EmotionTree.FromJson(EmotionTreeJson);

    /// <summary>The product's naming for this model, or null without a tree.</summary>
    public EmotionNaming? Naming() => EmotionTree() is { } tree
        ? new EmotionNaming(tree, ExtraOutputs == Expressions.Count ? EmotionNaming : EmotionNamingMethod.Tree)
        : null;

    /// <summary>Throws ArgumentException when a field could not describe a usable model.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Architecture)) throw new ArgumentException($"unknown architecture {(int)Architecture}");
        if (!Enum.IsDefined(Design)) throw new ArgumentException($"unknown design {(int)Design}");
        AffectNetworkFactory.ValidateInputSize(Architecture, InputSize);
        if (ExtraOutputs < 0 || ExtraOutputs > 1000 || (ExtraOutputs > 0 && Design != Design.OneByTwo))
            throw new ArgumentException($"{ExtraOutputs} extra outputs are not possible for the {Design} design");
        CheckChannels(NormalizationMean, nameof(NormalizationMean), positive: false);
        CheckChannels(NormalizationStd, nameof(NormalizationStd), positive: true);
        if (!Enum.IsDefined(EmotionNaming)) throw new ArgumentException($"unknown emotion naming {(int)EmotionNaming}");
        if (!(FramingMargin >= 0 && FramingMargin <= 2)) throw new ArgumentException($"framing margin {FramingMargin} is outside [0, 2]");
        if (!(FramingOffsetY >= -1 && FramingOffsetY <= 1)) throw new ArgumentException($"framing offset {FramingOffsetY} is outside [-1, 1]");
        if (!(HeadBlur >= 0 && HeadBlur <= 0.25)) throw new ArgumentException($"head blur {HeadBlur} is outside [0, 0.25] of the input side");
        if (!(HeadBlurWeight >= 0 && HeadBlurWeight <= 1)) throw new ArgumentException($"head blur weight {HeadBlurWeight} is outside [0, 1]");
        if (HeadLogitOffsets is { } offsets && (offsets.Length != ExtraOutputs || !offsets.All(o => float.IsFinite(o) && Math.Abs(o) <= 100)))
            throw new ArgumentException($"the head's logit offsets need {ExtraOutputs} finite values of at most 100, got [{string.Join(", ", offsets)}]");
        if (HeadCentres is { } centres && (centres.Length != 2 * ExtraOutputs || !centres.All(c => c >= -1 && c <= 1)))
            throw new ArgumentException($"the head's class centres need {2 * ExtraOutputs} values in [-1, 1], got {centres.Length}");
        if (!(HeadCentreWeight >= 0 && HeadCentreWeight <= 1)) throw new ArgumentException($"head centre weight {HeadCentreWeight} is outside [0, 1]");
        if (HeadCentreWeight > 0 && HeadCentres is null) throw new ArgumentException("a head centre weight needs the class centres");
    }

    private static void CheckChannels(float[]? values, string name, bool positive)
    {
        if (values is null || values.Length != 3)
            throw new ArgumentException($"{name} needs 3 values (R, G, B), got {values?.Length ?? 0}");
        foreach (float v in values)
            if (!float.IsFinite(v) || (positive && v <= 0))
                throw new ArgumentException($"{name} has an invalid value {v}");
    }

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
        // Metrics can be NaN (e.g. the correlation of a constant prediction); plain JSON has no NaN.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ModelMetadata FromJson(string json)
        => JsonSerializer.Deserialize<ModelMetadata>(json, Json) ?? throw new JsonException("metadata is null");
}

/// <summary>What a model was trained on, in enough detail to reproduce or compare it.</summary>
public sealed record TrainingDataSummary
{
    /// <summary>Dataset name or path, e.g. "AffectNet validation split (2,400 train)".</summary>
    public string? Dataset { get; init; }
    /// <summary>Augmentation plan of the paper's Section 5: "none", "A" or "B".</summary>
    public string? Augmentation { get; init; }
    public int? TrainImages { get; init; }
    public int? ValidationImages { get; init; }
    public int? Epochs { get; init; }
    public int? BatchSize { get; init; }
    public int? Seed { get; init; }
    public Dictionary<string, string>? Details { get; init; }
}

/// <summary>Conventional metric names for <see cref="ModelMetadata.Metrics"/>.</summary>
public static class ModelMetrics
{
    /// <summary>"{set}.valence.rmse", "{set}.arousal.ccc", … and "{set}.count" from the paper's four per-axis metrics.</summary>
    public static Dictionary<string, double> FromAxes(string set, AxisMetrics valence, AxisMetrics arousal)
    {
        var metrics = new Dictionary<string, double>();
        Add(metrics, $"{set}.valence", valence);
        Add(metrics, $"{set}.arousal", arousal);
        metrics[$"{set}.count"] = valence.Count;
        return metrics;
    }

    private static void Add(Dictionary<string, double> metrics, string prefix, AxisMetrics m)
    {
        metrics[$"{prefix}.rmse"] = m.Rmse;
        metrics[$"{prefix}.corr"] = m.Corr;
        metrics[$"{prefix}.ccc"] = m.Ccc;
        metrics[$"{prefix}.sagr"] = m.Sagr;
    }
}
