using Circumplex.Emotion;
using Circumplex.Models;
using Circumplex.Training.Trainer;

namespace Circumplex.Training.Evaluation;

/// <summary>Accuracy of each way of naming the emotion on a validation set, and the one the model will use.</summary>
public sealed record NamingChoiceResult(EmotionNamingMethod Chosen, double TreeAccuracy, double? HeadAccuracy, int Count);

/// <summary>
/// Decides how a model names emotions from measurements, never from the test set: both namings are scored on the
/// validation faces and the head wins only when it names more of them correctly (a tie keeps the paper's tree).
/// </summary>
public static class NamingChoice
{
    public static NamingChoiceResult Choose(AffectNetwork network, ModelMetadata meta, TrainingSet validation, EmotionTree tree)
    {
        var readings = ModelReader.Read(network, meta, validation, detect: false);
        var labelled = readings.Where(r => r.FaceFound && r.TrueExpression is not null).ToList();
        if (labelled.Count == 0) return new NamingChoiceResult(EmotionNamingMethod.Tree, double.NaN, null, 0);
        double Accuracy(EmotionNamingMethod method)
        {
            var naming = new EmotionNaming(tree, method);
            return labelled.Count(r => naming.Name(r.Regression!.Value, r.Logits).Emotion == r.TrueExpression) / (double)labelled.Count;
        }
        double treeAccuracy = Accuracy(EmotionNamingMethod.Tree);
        double? headAccuracy = network.ExtraOutputs == Affect.Expressions.Count ? Accuracy(EmotionNamingMethod.Head) : null;
        var chosen = headAccuracy > treeAccuracy ? EmotionNamingMethod.Head : EmotionNamingMethod.Tree;
        return new NamingChoiceResult(chosen, treeAccuracy, headAccuracy, labelled.Count);
    }
}
