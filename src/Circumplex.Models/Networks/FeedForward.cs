using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Circumplex.Models.Networks;

/// <summary>The standard transformer MLP (Linear → GELU → Linear) used by ViT's encoder blocks.</summary>
public sealed class FeedForward : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc1;
    private readonly GELU act;
    private readonly Dropout dropout;
    private readonly Linear fc2;

    public FeedForward(int dim, int hidden, double dropout = 0.0, Device? device = null) : base(nameof(FeedForward))
    {
        fc1 = nn.Linear(dim, hidden, device: device);
        act = nn.GELU();
        this.dropout = nn.Dropout(dropout);
        fc2 = nn.Linear(hidden, dim, device: device);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = fc2.forward(dropout.forward(act.forward(fc1.forward(x))));
        return dropout.forward(y).MoveToOuterDisposeScope();
    }
}
