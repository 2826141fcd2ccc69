using Circumplex.Models;
using Xunit;
using static TorchSharp.torch;

namespace Circumplex.Tests.Cli;

/// <summary>`models calibrate` end to end on the AffectNet training faces of ../shared/data with a small untrained model.</summary>
[Collection(ConsoleErrorCollection.Name)]
public class ModelsCalibrateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("circumplex-calibrate-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string UntrainedWithHead()
    {
        string path = Path.Combine(_dir, "m.cmodel");
        manual_seed(5);
        using var network = AffectNetworkFactory.Create(Architecture.ResNet18, Design.OneByTwo, 64, extraOutputs: Affect.Expressions.Count);
        // As if finishing had chosen a blurred reading with a blurry set, which calibrate without --also cannot know.
        ModelFile.Save(path, network, ModelMetadata.For(network) with { HeadBlur = 0.066, HeadBlurWeight = 0.5 });
        return path;
    }

    private static Dictionary<string, Tensor> Weights(string path)
    {
        using var loaded = ModelFile.Load(path);
        return loaded.Network.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());
    }

    [Fact]
    public void Calibrate_keeps_every_weight_unless_asked_to_refit_the_expression_head_which_changes_only_those_rows()
    {
        string data = SharedData.Require("faces/affectnet_val_subset/labels_train.csv");
        string model = UntrainedWithHead(), kept = Path.Combine(_dir, "kept.cmodel"), refitted = Path.Combine(_dir, "refitted.cmodel");
        var plain = InProcessCli.Run("models", "calibrate", "--model", model, "--data", data, "--out", kept);
        Assert.True(plain.Code == 0, plain.Output + plain.Error);
        Assert.DoesNotContain("Expression head refit", plain.Output);
        Assert.Contains("blurred copy of each face (weight 0.5)", plain.Output);
        Assert.Contains("Give the set with --also to choose it again.", plain.Output);
        Assert.Equal(0, ModelFile.ReadMetadata(kept).HeadBlurWeight);
        var before = Weights(model);
        foreach (var (name, tensor) in Weights(kept))
            Assert.True(tensor.eq(before[name]).all().item<bool>(), $"calibrate changed {name}");

        var refit = InProcessCli.Run("models", "calibrate", "--model", model, "--data", data, "--refit-expression-head", "--out", refitted);
        Assert.True(refit.Code == 0, refit.Output + refit.Error);
        // An untrained head names about one face in eight; re-learnt on 2,040 faces it does better and is replaced.
        Assert.Contains("Expression head refit on 2,040 training faces, backbone fixed: head accuracy on 360 validation faces as trained", refit.Output);
        Assert.Contains("→ replaced (penalty", refit.Output);
        var after = Weights(refitted);
        foreach (var (name, tensor) in after)
        {
            bool same = tensor.eq(before[name]).all().item<bool>();
            if (name.EndsWith("head.weight", StringComparison.Ordinal) || name.EndsWith("head.bias", StringComparison.Ordinal))
            {
                Assert.True(tensor.narrow(0, 0, 2).eq(before[name].narrow(0, 0, 2)).all().item<bool>(), $"the valence/arousal rows of {name} changed");
                Assert.False(same, $"the expression rows of {name} did not change");
            }
            else Assert.True(same, $"the refit changed {name}");
        }
        Assert.StartsWith("Expression head refit on 2,040", ModelFile.ReadMetadata(refitted).TrainingData!.Details!["expression_head_refit"]);
    }
}
