using Circumplex.Affect;
using Circumplex.Emotion;

namespace Circumplex.Web;

/// <summary>
/// Names emotions with the loaded model's decision tree and draws its regions once. Without a model there is no tree:
/// the regions and names are left out rather than invented (the issue forbids hand-placed regions).
/// </summary>
internal sealed class EmotionNamer
{
    public const string NoModelMessage =
        "no affect model is loaded, so there are no emotion regions or names: they come from the decision tree trained with a model " +
        "(start the server with --model FILE); dragging the point still gives songs";

    private readonly Lazy<RegionsResponse>? _regions;

    public EmotionNamer(EmotionTree? tree, int gridSize)
    {
        Tree = tree;
        if (tree is not null) _regions = new Lazy<RegionsResponse>(() => Regions(tree, gridSize));
    }

    public EmotionTree? Tree { get; }

    /// <summary>"model" (the loaded model's tree) or "none".</summary>
    public string Source => Tree is null ? "none" : "model";

    /// <summary>The region grid, or null without a model.</summary>
    public RegionsResponse? Regions() => _regions?.Value;

    private static readonly string[] Names = Expressions.All.Select(e => e.Name()).ToArray();

    /// <summary>The emotion the tree names at a point, or null without a model.</summary>
    public string? Name(AffectPoint p) => Tree is null ? null : Names[(int)Tree.Predict(p)];

    private static RegionsResponse Regions(EmotionTree tree, int size)
    {
        var rows = new string[size];
        var row = new char[size];
        for (int r = 0; r < size; r++)
        {
            double arousal = 1 - (r + 0.5) * 2.0 / size;
            for (int c = 0; c < size; c++)
            {
                double valence = -1 + (c + 0.5) * 2.0 / size;
                row[c] = (char)('0' + (int)tree.Predict(new AffectPoint(valence, arousal)));
            }
            rows[r] = new string(row);
        }
        return new RegionsResponse(size, Names, rows);
    }
}
