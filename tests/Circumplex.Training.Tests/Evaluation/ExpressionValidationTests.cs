using Circumplex.Affect;
using Circumplex.Training.Data;
using Circumplex.Training.Evaluation;
using Circumplex.Training.Trainer;
using OpenCvSharp;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Circumplex.Tests.Training.Evaluation;

/// <summary>The head's validation score, checked against values worked out by hand for a network with fixed outputs.</summary>
[Collection(Circumplex.Training.Tests.TorchCollection.Name)]
public class ExpressionValidationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("circumplex-exprval-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>The same outputs (valence, arousal, then eight logits) whatever the image.</summary>
    private sealed class FixedOutputs(float[] row) : nn.Module<Tensor, Tensor>("fixed")
    {
        public override Tensor forward(Tensor x) => torch.tensor(row).unsqueeze(0).expand(x.shape[0], row.Length).contiguous();
    }

    private FaceDataset Labelled(params Expression[] labels)
    {
        var lines = new List<string> { "path,valence,arousal,expression" };
        for (int i = 0; i < labels.Length; i++)
        {
            using var img = new Mat(32, 32, MatType.CV_8UC3, new OpenCvSharp.Scalar(90, 120, 150));
            Cv2.ImWrite(Path.Combine(_dir, $"{i}.png"), img);
            lines.Add($"{i}.png,0,0,{(int)labels[i]}");
        }
        File.WriteAllLines(Path.Combine(_dir, "labels.csv"), lines);
        return DatasetOpener.Open(Path.Combine(_dir, "labels.csv"));
    }

    [Fact]
    public void Cross_entropy_and_accuracy_match_the_hand_computed_values()
    {
        using var set = Labelled(Expression.Happy, Expression.Happy, Expression.Sad, Expression.Anger);
        // Happy's logit is ln 3 and the other seven 0: p(happy) = 3/10, p(other) = 1/10.
        var row = new float[10];
        row[2 + (int)Expression.Happy] = MathF.Log(3);
        var score = ExpressionValidation.Score(new FixedOutputs(row), new TrainingSet(set), 32, [0.5f, 0.5f, 0.5f], [0.25f, 0.25f, 0.25f]);
        Assert.Equal(4, score.Count);
        Assert.Equal((2 * -Math.Log(0.3) + 2 * -Math.Log(0.1)) / 4, score.CrossEntropy, 5);
        Assert.Equal(0.5, score.Accuracy, 12);
    }

    [Fact]
    public void A_network_without_an_expression_head_is_refused_with_a_reason()
    {
        using var set = Labelled(Expression.Happy);
        var error = Assert.Throws<InvalidOperationException>(() =>
            ExpressionValidation.Score(new FixedOutputs([0f, 0f]), new TrainingSet(set), 32, [0.5f, 0.5f, 0.5f], [0.25f, 0.25f, 0.25f]));
        Assert.Contains("--expression-weight", error.Message);
    }
}
