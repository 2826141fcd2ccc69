using Circumplex.Models;
using static TorchSharp.torch;

namespace Circumplex.Training.Trainer;

/// <summary>
/// The training objective of one batch: L2 on valence/arousal over the samples that have them (the paper's loss),
/// plus the weighted L2 towards class-centre targets over the samples that have only those, plus the weighted
/// cross-entropy of the expression head over the samples with a class. Each term is its own mean, so that the
/// mix of a batch does not change how much the real targets count.
/// </summary>
public static class TrainingLoss
{
    public static Tensor Of(Tensor output, Batch batch, double expressionWeight, double weakWeight)
    {
        var device = output.device;
        var y = tensor(batch.Targets, [batch.Count, 2]).to(device);
        var mask = tensor(batch.AffectMask, [batch.Count, 1]).to(device);
        var va = output.narrow(1, 0, 2);
        // SafeArithmetic keeps the numbers alive while libtorch reads them. Categorical-only samples contribute 0 here.
        var squared = (va - y).Squared();
        var loss = (squared * mask).sum() / mask.sum().Times(2).AtLeast(1);
        if (weakWeight > 0 && batch.WeakMask.Any(w => w > 0))
        {
            var weak = tensor(batch.WeakMask, [batch.Count, 1]).to(device);
            loss = loss.Plus(((squared * weak).sum() / weak.sum().Times(2)).Times(weakWeight));
        }
        if (expressionWeight > 0 && batch.Labels.Any(l => l >= 0))
        {
            var logits = output.narrow(1, 2, AffectTrainer.ExpressionOutputs);
            var labels = tensor(batch.Labels).to(device);
            loss = loss.Plus(nn.functional.cross_entropy(logits, labels, ignore_index: -1).Times(expressionWeight));
        }
        return loss;
    }
}
