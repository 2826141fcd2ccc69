using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Circumplex.Models.Networks;

/// <summary>
/// Multi-head self-attention with one packed Q/K/V projection; parameter names and initialisation follow
/// torch.nn.MultiheadAttention (in_proj_weight, in_proj_bias, out_proj) so ImageNet ViT weights map by name.
/// </summary>
public sealed class MultiHeadSelfAttention : nn.Module<Tensor, Tensor>
{
    private readonly Parameter in_proj_weight;
    private readonly Parameter in_proj_bias;
    private readonly Linear out_proj;
    private readonly int heads;
    private readonly int dim;

    public MultiHeadSelfAttention(int dim, int heads, Device? device = null) : base(nameof(MultiHeadSelfAttention))
    {
        if (heads < 1 || dim % heads != 0)
            throw new ArgumentException($"embedding width {dim} does not split into {heads} heads", nameof(heads));
        this.dim = dim;
        this.heads = heads;
        in_proj_weight = nn.Parameter(empty([3L * dim, dim], device: device));
        in_proj_bias = nn.Parameter(zeros([3L * dim], device: device));
        out_proj = nn.Linear(dim, dim, device: device);
        using (no_grad())
        {
            nn.init.xavier_uniform_(in_proj_weight);
            out_proj.bias!.zero_();
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        long b = x.shape[0], t = x.shape[1];
        var qkv = nn.functional.linear(x, in_proj_weight, in_proj_bias)
            .view(b, t, 3, heads, dim / heads)
            .permute(2, 0, 3, 1, 4);                                  // [3, B, H, T, hd]
        var attended = nn.functional.scaled_dot_product_attention(qkv[0], qkv[1], qkv[2]);
        var merged = attended.transpose(1, 2).reshape(b, t, dim);
        return out_proj.forward(merged).MoveToOuterDisposeScope();
    }
}
