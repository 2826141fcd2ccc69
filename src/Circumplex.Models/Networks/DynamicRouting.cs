using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Circumplex.Models.Networks;

/// <summary>
/// Dynamic routing between capsules (Sabour, Frosst and Hinton 2017): predictions û_{j|i} = W_ij·u_i,
/// coupling c_ij = softmax over output capsules j of logits b_ij (initially 0), s_j = Σ_i c_ij·û_{j|i},
/// v_j = squash(s_j), b_ij += û_{j|i}·v_j, for a fixed number of iterations.
/// Input [M, I, D] (M independent sets of I capsules of D dims), output [M, J, E].
/// </summary>
/// <remarks>
/// Two equivalent evaluations. Materialising û ([M, I, J, E]) costs one matmul, after which the iterations
/// run on the small Gram matrices of the predictions: about 4× less arithmetic. When û would be large
/// (training batches; it is I× the output), û is never formed: s_j = Σ_i W_ij·(c_ij·u_i) and
/// û_{j|i}·v_j = u_i·(W_ijᵀ·v_j) are batched matmuls over j, which repeat the big matmul per iteration
/// but keep memory to a few times the output.
/// </remarks>
public sealed class DynamicRouting : nn.Module<Tensor, Tensor>
{
    // W_ij stored as [I, D, J·E]: û for all j is then one [D] → [J·E] matmul per input capsule.
    private readonly Parameter weight;

    public int InputCapsules { get; }
    public int InputDim { get; }
    public int OutputCapsules { get; }
    public int OutputDim { get; }
    public int Iterations { get; }

    /// <summary>
    /// Largest û (bytes) that is formed; above it the lean evaluation runs. With DRViT's capsules û is 240 KB
    /// per token, so 512 MB covers a training batch of 32 images at 112 px (50 tokens each) on the faster path.
    /// </summary>
    public long MaterializeLimitBytes { get; set; } = 512L << 20;

    public DynamicRouting(int inputCapsules, int inputDim, int outputCapsules, int outputDim, int iterations = 3, Device? device = null)
        : base(nameof(DynamicRouting))
    {
        if (inputCapsules < 1 || inputDim < 1 || outputCapsules < 1 || outputDim < 1)
            throw new ArgumentException("capsule counts and sizes must be positive");
        if (iterations < 1) throw new ArgumentOutOfRangeException(nameof(iterations), iterations, "routing needs at least one iteration");
        InputCapsules = inputCapsules;
        InputDim = inputDim;
        OutputCapsules = outputCapsules;
        OutputDim = outputDim;
        Iterations = iterations;
        weight = nn.Parameter(empty([inputCapsules, inputDim, (long)outputCapsules * outputDim], device: device));
        // Fan-in scaling keeps each prediction û at roughly unit scale per component for unit-scale inputs.
        using (no_grad()) nn.init.normal_(weight, 0, 1.0 / Math.Sqrt(inputDim));
        RegisterComponents();
    }

    /// <summary>The transforms W_ij as [I, J, D, E], for checks against the textbook formulation.</summary>
    public Tensor TransformMatrices()
        => weight.view(InputCapsules, InputDim, OutputCapsules, OutputDim).permute(0, 2, 1, 3);

    public override Tensor forward(Tensor u)
    {
        var (output, coupling) = Route(u);
        coupling.Dispose();
        return output;
    }

    /// <summary>Routes and also returns the final coupling coefficients c [M, I, J] (each sums to 1 over j).</summary>
    public (Tensor Output, Tensor Coupling) Route(Tensor u, bool? materialize = null)
    {
        if (u.dim() != 3 || u.shape[1] != InputCapsules || u.shape[2] != InputDim)
            throw new ArgumentException(
                $"routing expects [M,{InputCapsules},{InputDim}] capsules, got [{string.Join(",", u.shape)}]", nameof(u));
        long predictionBytes = u.shape[0] * InputCapsules * OutputCapsules * OutputDim * u.ElementSize;
        using var scope = NewDisposeScope();
        var (v, c) = materialize ?? predictionBytes <= MaterializeLimitBytes ? RouteMaterialized(u) : RouteLean(u);
        return (v.MoveToOuterDisposeScope(), c.MoveToOuterDisposeScope());
    }

    private (Tensor V, Tensor C) RouteMaterialized(Tensor u)
    {
        long m = u.shape[0];
        int i = InputCapsules, j = OutputCapsules, e = OutputDim;
        // û as [M·J, I, E]: a strided view of the [I, M·J·E] matmul result, never copied.
        var uhat = u.transpose(0, 1).bmm(weight).view(i, m * j, e).permute(1, 0, 2);
        // The iterations need û only through dot products between predictions for the same output capsule:
        // with G_j[i,k] = û_{j|i}·û_{j|k}, the agreement is û_{j|i}·v_j = squashScale_j · Σ_k G_j[i,k] c_kj
        // and |s_j|² = Σ_ik c_ij G_j[i,k] c_kj. So s_j is formed once, after the last iteration, and every
        // iteration works on [M·J, I, I] instead of re-reading û.
        var gram = uhat.bmm(uhat.transpose(1, 2));                           // [M·J, I, I]
        var logits = zeros([m, j, i], dtype: u.dtype, device: u.device);
        Tensor c = null!;
        for (int r = 0; r < Iterations - 1; r++)
        {
            c = logits.softmax(1).view(m * j, i, 1);                            // over output capsules j
            var projections = gram.bmm(c).view(m, j, i);                        // û_{j|i}·s_j
            var squaredNorm = (projections * c.view(m, j, i)).sum(-1, keepdim: true); // |s_j|²
            logits = logits.Plus(projections * SquashScale(squaredNorm));           // += û_{j|i}·v_j
        }
        c = logits.softmax(1);
        var v = Squash(c.view(m * j, 1, i).bmm(uhat).view(m, j, e));            // s_j = Σ_i c_ij û_{j|i}
        return (v, c.transpose(1, 2));
    }

    private (Tensor V, Tensor C) RouteLean(Tensor u)
    {
        long m = u.shape[0];
        int i = InputCapsules, d = InputDim, j = OutputCapsules, e = OutputDim;
        // W as [J, I·D, E]: one matrix per output capsule for the batched matmuls below.
        var w = weight.view(i, d, j, e).permute(2, 0, 1, 3).reshape(j, (long)i * d, e);
        var uj = u.unsqueeze(0);                                           // [1, M, I, D]
        var logits = zeros([j, m, i], dtype: u.dtype, device: u.device);
        Tensor c = null!, v = null!;
        for (int r = 0; r < Iterations; r++)
        {
            c = logits.softmax(0);                                        // over output capsules j
            var s = (c.unsqueeze(-1) * uj).reshape(j, m, (long)i * d).bmm(w); // [J, M, E]
            v = Squash(s);
            if (r < Iterations - 1)
                logits = logits.Plus((v.bmm(w.transpose(1, 2)).view(j, m, i, d) * uj).sum(-1));
        }
        return (v.permute(1, 0, 2), c.permute(1, 2, 0));
    }

    /// <summary>
    /// squash(s) = |s|²/(1+|s|²) · s/|s| along the last dimension: keeps the direction, maps the length into [0, 1).
    /// The small epsilon keeps the gradient finite at s = 0.
    /// </summary>
    public static Tensor Squash(Tensor s)
    {
        using var scope = NewDisposeScope();
        return (s * SquashScale(s.Squared().sum(-1, keepdim: true))).MoveToOuterDisposeScope();
    }

    /// <summary>|s|²/((1+|s|²)·|s|): the factor squash multiplies s by, from |s|² alone.</summary>
    private static Tensor SquashScale(Tensor squaredNorm) => squaredNorm / (squaredNorm.Plus(1) * squaredNorm.Plus(1e-12).sqrt());
}
