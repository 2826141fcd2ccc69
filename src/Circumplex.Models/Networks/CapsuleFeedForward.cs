using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Circumplex.Models.Networks;

/// <summary>
/// DRViT's replacement for a transformer block's feed-forward part: each token's D-dim vector is cut into
/// one input capsule per attention head (8 × 32 for D = 256), routed to output capsules (30 × 256), and the
/// flattened capsules are projected back to D. The paper gives no capsule sizes; these are SPEC §4's, which
/// bring the whole model to 12.84M parameters against the paper's 13.0M.
/// </summary>
public sealed class CapsuleFeedForward : nn.Module<Tensor, Tensor>
{
    private readonly DynamicRouting routing;
    private readonly Linear project;
    private readonly int dim;
    private readonly int inputCapsules;

    public CapsuleFeedForward(int dim, int inputCapsules, int outputCapsules, int outputDim, int iterations = 3, Device? device = null)
        : base(nameof(CapsuleFeedForward))
    {
        if (dim % inputCapsules != 0)
            throw new ArgumentException($"token width {dim} does not split into {inputCapsules} capsules", nameof(inputCapsules));
        this.dim = dim;
        this.inputCapsules = inputCapsules;
        routing = new DynamicRouting(inputCapsules, dim / inputCapsules, outputCapsules, outputDim, iterations, device);
        project = nn.Linear((long)outputCapsules * outputDim, dim, device: device);
        RegisterComponents();
    }

    public DynamicRouting Routing => routing;

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var batchShape = x.shape[..^1];
        if (x.shape[^1] != dim) throw new ArgumentException($"expected tokens of width {dim}, got {x.shape[^1]}", nameof(x));
        var capsules = x.reshape(-1, inputCapsules, dim / inputCapsules);
        var routed = routing.forward(capsules);                         // [M, J, E]
        var y = project.forward(routed.flatten(1));                     // [M, D]
        return y.view([.. batchShape, dim]).MoveToOuterDisposeScope();
    }
}
