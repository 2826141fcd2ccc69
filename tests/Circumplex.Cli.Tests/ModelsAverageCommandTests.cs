using Circumplex.Models;
using Xunit;
using static TorchSharp.torch;

namespace Circumplex.Tests.Cli;

/// <summary>`models average` end to end on small model files made here.</summary>
[Collection(ConsoleErrorCollection.Name)]
public class ModelsAverageCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("circumplex-average-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Model(string name, long seed, int size = 64)
    {
        string path = Path.Combine(_dir, name);
        manual_seed(seed);
        using var network = AffectNetworkFactory.Create(Architecture.InvNet50, Design.OneByTwo, size);
        ModelFile.Save(path, network, ModelMetadata.For(network));
        return path;
    }

    private static (int Code, string Output, string Error) Run(params string[] args) => InProcessCli.Run(args);

    [Fact]
    public void The_written_model_holds_the_mean_of_the_weights_and_names_its_ingredients()
    {
        string a = Model("a.cmodel", 1), b = Model("b.cmodel", 2), soup = Path.Combine(_dir, "soup.cmodel");
        var (code, output, error) = Run("models", "average", "--model", a, b, "--out", soup);
        Assert.True(code == 0, output + error);
        Assert.Contains("Averaged the weights of 2 models", output);
        Assert.Contains("Not re-finished", output);
        using var scope = NewDisposeScope();
        using var la = ModelFile.Load(a);
        using var lb = ModelFile.Load(b);
        using var ls = ModelFile.Load(soup);
        var (wa, wb, ws) = (la.Network.state_dict(), lb.Network.state_dict(), ls.Network.state_dict());
        foreach (string name in ws.Keys.Where(k => ws[k].is_floating_point()))
        {
            // The file keeps float16: the mean of two float16 values is within half a float16 step of what is stored.
            var mean = (wa[name].to(ScalarType.Float64) + wb[name].to(ScalarType.Float64)) / 2;
            var tolerance = mean.abs() * 1e-3 + 1e-6;
            Assert.True((ws[name].to(ScalarType.Float64) - mean).abs().le(tolerance).all().item<bool>(), $"{name} is not the mean");
        }
        Assert.False(wa.Keys.Where(k => wa[k].is_floating_point()).All(k => wa[k].equal(ws[k]).all().item<bool>()), "the soup is the first model unchanged");
        Assert.Equal("a.cmodel, b.cmodel", ls.Metadata.TrainingData!.Details!["averaged_from"]);
    }

    [Fact]
    public void One_model_other_shapes_and_missing_files_are_clear_errors_and_write_nothing()
    {
        string a = Model("a.cmodel", 1), big = Model("big.cmodel", 3, size: 96), soup = Path.Combine(_dir, "soup.cmodel");
        var one = Run("models", "average", "--model", a, "--out", soup);
        Assert.Equal((1, true), (one.Code, one.Error.Contains("at least two")));
        var shapes = Run("models", "average", "--model", a, big, "--out", soup);
        Assert.Equal((1, true), (shapes.Code, shapes.Error.Contains("96 px")));
        var missing = Run("models", "average", "--model", a, Path.Combine(_dir, "nope.cmodel"), "--out", soup);
        Assert.NotEqual(0, missing.Code);
        Assert.Contains("not found", missing.Error);
        Assert.False(File.Exists(soup));
    }
}
