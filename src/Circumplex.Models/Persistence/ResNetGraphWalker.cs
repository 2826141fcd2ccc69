using Circumplex.Models.Networks;
using Onnx;

namespace Circumplex.Models.Persistence;

/// <summary>
/// Finds ResNet's layers in an ONNX graph by their connections: the stem is the convolution on the graph's input;
/// each residual <c>Add</c> joins a main branch (Conv → BN → Relu → Conv → BN) and either the block's input or a
/// projection (Conv 1×1 → BN). Blocks are numbered into stages by where the width changes.
/// </summary>
internal sealed class GraphWalker(GraphProto graph)
{
    private readonly Dictionary<string, NodeProto> producers = graph.Node.SelectMany(n => n.Output.Select(o => (o, n))).ToDictionary(p => p.o, p => p.n);
    private readonly Dictionary<string, TensorProto> initializers = graph.Initializer.ToDictionary(t => t.Name);
    private readonly Dictionary<string, float[]> tensors = [];
    private readonly Dictionary<string, long[]> shapes = [];

    public (Dictionary<string, float[]> Tensors, Dictionary<string, long[]> Shapes) Walk()
    {
        string input = graph.Input.Select(i => i.Name).First(n => !initializers.ContainsKey(n));
        var stem = graph.Node.FirstOrDefault(n => n.OpType == "Conv" && n.Input[0] == input)
            ?? throw Bad("no convolution reads the graph's input");
        // Reverse the stem's input channels (CNTK's network reads BGR, ours RGB) and take the normalisation's scale in.
        AddConv("conv1", stem, flipInputChannels: true);
        ScaleInputChannels(tensors["conv1.weight"], shapes["conv1.weight"], [.. ImageNetResNet18.NormalizationStd.Select(s => 255f * s)]);
        AddBatchNorm("bn1", ConsumerOf(stem, "BatchNormalization"));

        var blocks = graph.Node.Where(n => n.OpType == "Add").ToList();
        int expected = ResNet18.BlocksPerStage.Sum();
        if (blocks.Count != expected) throw Bad($"{blocks.Count} residual additions, ResNet18 here has {expected}");
        int stage = 0, inStage = 0;
        for (int b = 0; b < blocks.Count; b++)
        {
            if (inStage == ResNet18.BlocksPerStage[stage]) { stage++; inStage = 0; }
            string prefix = $"layer{stage + 1}.{inStage}";
            var (conv1, bn1, conv2, bn2, projection) = Block(blocks[b]);
            AddConv($"{prefix}.conv1", conv1);
            AddBatchNorm($"{prefix}.bn1", bn1);
            AddConv($"{prefix}.conv2", conv2);
            AddBatchNorm($"{prefix}.bn2", bn2);
            if (projection is var (pconv, pbn))
            {
                AddConv($"{prefix}.downsample.0", pconv);
                AddBatchNorm($"{prefix}.downsample.1", pbn);
            }
            if (Dims(conv2.Input[1])[0] != ResNet18.StageWidths[stage])
                throw Bad($"block {b} is {Dims(conv2.Input[1])[0]} wide where stage {stage + 1} of ResNet18 is {ResNet18.StageWidths[stage]}");
            inStage++;
        }
        return (tensors, shapes);
    }

    private (NodeProto Conv1, NodeProto Bn1, NodeProto Conv2, NodeProto Bn2, (NodeProto, NodeProto)? Projection) Block(NodeProto add)
    {
        foreach (var (main, other) in new[] { (add.Input[0], add.Input[1]), (add.Input[1], add.Input[0]) })
        {
            if (!TryChain(main, out var chain)) continue;
            (NodeProto, NodeProto)? projection = null;
            if (producers.TryGetValue(other, out var otherNode) && otherNode.OpType == "BatchNormalization"
                && producers.TryGetValue(otherNode.Input[0], out var pconv) && pconv.OpType == "Conv")
                projection = (pconv, otherNode);
            return (chain.Conv1, chain.Bn1, chain.Conv2, chain.Bn2, projection);
        }
        throw Bad($"residual addition {add.Name} has no Conv → BN → Relu → Conv → BN branch");
    }

    private bool TryChain(string output, out (NodeProto Conv1, NodeProto Bn1, NodeProto Conv2, NodeProto Bn2) chain)
    {
        chain = default;
        if (!Is(output, "BatchNormalization", out var bn2) || !Is(bn2.Input[0], "Conv", out var conv2)) return false;
        if (Dims(conv2.Input[1])[2] != 3) return false;
        if (!Is(conv2.Input[0], "Relu", out var relu) || !Is(relu.Input[0], "BatchNormalization", out var bn1) || !Is(bn1.Input[0], "Conv", out var conv1))
            return false;
        chain = (conv1, bn1, conv2, bn2);
        return true;
    }

    private bool Is(string output, string op, out NodeProto node) =>
        producers.TryGetValue(output, out node!) && node.OpType == op;

    private NodeProto ConsumerOf(NodeProto node, string op) =>
        graph.Node.FirstOrDefault(n => n.OpType == op && n.Input.Contains(node.Output[0]))
        ?? throw Bad($"nothing of type {op} reads {node.Output[0]}");

    private void AddConv(string name, NodeProto conv, bool flipInputChannels = false)
    {
        if (conv.Input.Count > 2) throw Bad($"{conv.Name} has a bias; ResNet's convolutions have none");
        var values = Floats(conv.Input[1]);
        long[] dims = Dims(conv.Input[1]);
        if (flipInputChannels) values = FlipSecondAxis(values, dims);
        tensors[$"{name}.weight"] = values;
        shapes[$"{name}.weight"] = dims;
    }

    private void AddBatchNorm(string name, NodeProto bn)
    {
        // ONNX BatchNormalization inputs: X, scale, B, mean, var.
        string[] fields = ["weight", "bias", "running_mean", "running_var"];
        for (int i = 0; i < fields.Length; i++)
        {
            tensors[$"{name}.{fields[i]}"] = Floats(bn.Input[i + 1]);
            shapes[$"{name}.{fields[i]}"] = Dims(bn.Input[i + 1]);
        }
    }

    private static void ScaleInputChannels(float[] values, long[] dims, float[] scale)
    {
        int outer = (int)dims[0], channels = (int)dims[1], inner = (int)(dims[2] * dims[3]);
        for (int o = 0; o < outer; o++)
            for (int c = 0; c < channels; c++)
                values.AsSpan((o * channels + c) * inner, inner).MultiplyBy(scale[c]);
    }

    private static float[] FlipSecondAxis(float[] values, long[] dims)
    {
        int outer = (int)dims[0], channels = (int)dims[1], inner = (int)(dims[2] * dims[3]);
        var flipped = new float[values.Length];
        for (int o = 0; o < outer; o++)
            for (int c = 0; c < channels; c++)
                Array.Copy(values, (o * channels + c) * inner, flipped, (o * channels + channels - 1 - c) * inner, inner);
        return flipped;
    }

    private float[] Floats(string name) => OnnxTensors.Floats(Initializer(name));
    private long[] Dims(string name) => [.. Initializer(name).Dims];
    private TensorProto Initializer(string name) =>
        initializers.TryGetValue(name, out var t) ? t : throw Bad($"{name} is not an initializer");

    private static InvalidDataException Bad(string why) => new($"not the expected ResNet18 graph: {why}");
}

internal static class SpanScaling
{
    public static void MultiplyBy(this Span<float> values, float factor)
    {
        for (int i = 0; i < values.Length; i++) values[i] *= factor;
    }
}
