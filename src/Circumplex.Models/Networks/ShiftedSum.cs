using TorchSharp;
using static TorchSharp.torch;

namespace Circumplex.Models.Networks;

/// <summary>
/// Involution's aggregation as K² shifted, weighted copies accumulated in place, with its hand-written
/// gradients. The textbook unfold materialises K² (49) copies of every feature map: that ran out of 24 GB
/// when training InvNet50 at 224 px (SPEC §4). Here no temporary is larger than one feature map.
/// </summary>
/// <remarks>
/// The padded map is flattened so that every shift is a single offset along one contiguous axis: output
/// (y, x) sits at y·Wp + x on a grid Wp = W + 2p wide, and its input for offset (dy, dx) at that index plus
/// dy·Wp + dx. Each of the K² steps is then one long contiguous multiply-add instead of H short rows
/// (4× faster on the 4×4 maps of the last stage, where rows are shortest); the 2p extra columns per row are
/// computed and dropped at the end (and carry zero gradient on the way back).
/// </remarks>
internal static class ShiftedSum
{
    public static void Check(Tensor x, Tensor kernel, int kernelSize, int groups)
    {
        if (x.dim() != 4) throw new ArgumentException($"involution expects [N,C,H,W], got [{string.Join(",", x.shape)}]", nameof(x));
        if (kernelSize < 1 || kernelSize % 2 == 0) throw new ArgumentException($"kernel size must be odd, got {kernelSize}", nameof(kernelSize));
        long n = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3], k2 = (long)kernelSize * kernelSize;
        if (groups < 1 || c % groups != 0) throw new ArgumentException($"{c} channels do not split into {groups} groups", nameof(groups));
        if (kernel.dim() != 4 || kernel.shape[0] != n || kernel.shape[1] != groups * k2 || kernel.shape[2] != h || kernel.shape[3] != w)
            throw new ArgumentException(
                $"involution kernel must be [{n},{groups * k2},{h},{w}], got [{string.Join(",", kernel.shape)}]", nameof(kernel));
    }

    private readonly record struct Grid(long N, long C, long H, long W, int K, int Groups)
    {
        public int Pad => K / 2;
        public long Wp => W + 2 * Pad;
        /// <summary>Output positions on the wide grid.</summary>
        public long Span => H * Wp;
        /// <summary>The padded input, flattened; one extra bottom row covers the last row's extra columns.</summary>
        public long Flat => (H + 2 * Pad + 1) * Wp;
        public long Offset(int o) => o / K * Wp + o % K;

        /// <summary>
        /// The offsets that reach at least one pixel of the map. Where the kernel is wider than the map (7×7 over the
        /// 2×2 maps of InvNet50's last stage at 64 px: 9 of 49) the others read only padding and add exact zeros.
        /// </summary>
        public IEnumerable<int> LiveOffsets()
        {
            for (int o = 0; o < K * K; o++)
                if (Math.Abs(o / K - Pad) < H && Math.Abs(o % K - Pad) < W)
                    yield return o;
        }

        public static Grid Of(Tensor x, int k, int groups) => new(x.shape[0], x.shape[1], x.shape[2], x.shape[3], k, groups);

        public Tensor FlatInput(Tensor x) => nn.functional.pad(x, [Pad, Pad, Pad, Pad + 1]).view(N, Groups, C / Groups, Flat);

        /// <summary>A [N, *, H, W] map moved onto the wide grid, extra columns zero.</summary>
        public Tensor Widen(Tensor t, long channels) => nn.functional.pad(t, [0, 2 * Pad]).view(N, channels, Span);

        public Tensor Narrow(Tensor wide, long channels) => wide.view(N, channels, H, Wp).narrow(3, 0, W).contiguous();
    }

    /// <summary>
    /// Bytes of padded input per pass. Batches are cut into chunks of about this size: the K² passes are
    /// memory-bound, and a chunk re-read from cache instead of RAM made training passes about 2× faster.
    /// </summary>
    public static long ChunkBytes { get; set; } = 1L << 20;

    private static long SamplesPerChunk(Grid g, Tensor x) => Math.Max(1, Math.Min(g.N, ChunkBytes / Math.Max(1, g.C * g.Flat * x.ElementSize)));

    public static Tensor Forward(Tensor x, Tensor kernel, int k, int groups)
    {
        var g = Grid.Of(x, k, groups);
        long chunk = SamplesPerChunk(g, x);
        if (chunk >= g.N) return ForwardChunk(x, kernel, k, groups);
        using var scope = NewDisposeScope();
        var parts = new List<Tensor>();
        for (long start = 0; start < g.N; start += chunk)
        {
            long length = Math.Min(chunk, g.N - start);
            parts.Add(ForwardChunk(x.narrow(0, start, length), kernel.narrow(0, start, length), k, groups));
        }
        return cat(parts, 0).MoveToOuterDisposeScope();
    }

    private static Tensor ForwardChunk(Tensor x, Tensor kernel, int k, int groups)
    {
        var g = Grid.Of(x, k, groups);
        using var scope = NewDisposeScope();
        var flat = g.FlatInput(x);
        // One [N,G,1,span] weight per offset; the singleton broadcasts over the channels of a group.
        var weights = g.Widen(kernel, groups * k * k).view(g.N, groups, k * k, g.Span).unsqueeze(2).unbind(3);
        Tensor? sum = null;
        foreach (int o in g.LiveOffsets())
        {
            var shifted = flat.narrow(3, g.Offset(o), g.Span);
            if (sum is null) sum = shifted * weights[o];
            else sum.AddProduct_(shifted, weights[o]);
        }
        return g.Narrow(sum!, g.C).MoveToOuterDisposeScope();
    }

    /// <summary>∂L/∂x (null when not needed) and ∂L/∂kernel, each again as K² shifted multiply-adds.</summary>
    public static (Tensor? GradX, Tensor GradKernel) Backward(Tensor x, Tensor kernel, Tensor gradOutput, int k, int groups, bool needGradX)
    {
        var g = Grid.Of(x, k, groups);
        long chunk = SamplesPerChunk(g, x);
        if (chunk >= g.N) return BackwardChunk(x, kernel, gradOutput, k, groups, needGradX);
        using var scope = NewDisposeScope();
        var gradXs = new List<Tensor>();
        var gradKernels = new List<Tensor>();
        for (long start = 0; start < g.N; start += chunk)
        {
            long length = Math.Min(chunk, g.N - start);
            var (gx, gk) = BackwardChunk(x.narrow(0, start, length), kernel.narrow(0, start, length),
                gradOutput.narrow(0, start, length), k, groups, needGradX);
            if (gx is not null) gradXs.Add(gx);
            gradKernels.Add(gk);
        }
        var gradKernel = cat(gradKernels, 0).MoveToOuterDisposeScope();
        var gradX = needGradX ? cat(gradXs, 0).MoveToOuterDisposeScope() : null;
        return (gradX, gradKernel);
    }

    private static (Tensor? GradX, Tensor GradKernel) BackwardChunk(Tensor x, Tensor kernel, Tensor gradOutput, int k, int groups, bool needGradX)
    {
        var g = Grid.Of(x, k, groups);
        long groupChannels = g.C / groups;
        using var scope = NewDisposeScope();
        var flat = g.FlatInput(x);
        var gradWide = g.Widen(gradOutput.contiguous(), g.C).view(g.N, groups, groupChannels, g.Span);
        var weights = g.Widen(kernel, groups * k * k).view(g.N, groups, k * k, g.Span).unsqueeze(2).unbind(3);
        var gradKernel = zeros([g.N, groups, k * k, g.Span], dtype: x.dtype, device: x.device);
        var gradFlat = needGradX ? zeros([g.N, groups, groupChannels, g.Flat], dtype: x.dtype, device: x.device) : null;
        foreach (int o in g.LiveOffsets())
        {
            long offset = g.Offset(o);
            // The kernel weight at (pixel, offset) met x at the shifted position, for all channels of its group.
            gradKernel.select(2, o).copy_((flat.narrow(3, offset, g.Span) * gradWide).sum(2));
            gradFlat?.narrow(3, offset, g.Span).addcmul_(gradWide, weights[o], 1);
        }
        var gk = g.Narrow(gradKernel.view(g.N, groups * k * k, g.Span), groups * k * k);
        Tensor? gx = gradFlat?.view(g.N, g.C, g.H + 2 * g.Pad + 1, g.Wp).narrow(2, g.Pad, g.H).narrow(3, g.Pad, g.W).contiguous();
        gk.MoveToOuterDisposeScope();
        gx?.MoveToOuterDisposeScope();
        return (gx, gk);
    }
}

/// <summary>Binds <see cref="ShiftedSum"/>'s forward and backward into autograd.</summary>
internal sealed class InvolutionFunction : autograd.SingleTensorFunction<InvolutionFunction>
{
    public override string Name => "Involution";

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (x, kernel, k, groups) = ((Tensor)vars[0], (Tensor)vars[1], (int)vars[2], (int)vars[3]);
        ctx.save_for_backward([x, kernel]);
        ctx.save_data("k", k);
        ctx.save_data("groups", groups);
        ctx.save_data("needGradX", x.requires_grad);
        return ShiftedSum.Forward(x, kernel, k, groups);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
    {
        var saved = ctx.get_saved_variables();
        var (gradX, gradKernel) = ShiftedSum.Backward(saved[0], saved[1], gradOutput,
            (int)ctx.get_data("k"), (int)ctx.get_data("groups"), (bool)ctx.get_data("needGradX"));
        // One entry per forward argument; the two ints have no gradient.
        return [gradX!, gradKernel, null!, null!];
    }
}
