using Circumplex.Affect;
using Circumplex.Emotion;

namespace Circumplex.Web;

/// <summary>Names emotions with the model's tree (or the fallback) and draws its regions once.</summary>
internal sealed class EmotionNamer
{
    private readonly Lazy<RegionsResponse> _regions;

    public EmotionNamer(EmotionTree tree, string source, int gridSize)
    {
        Tree = tree;
        Source = source;
        _regions = new Lazy<RegionsResponse>(() => Regions(tree, gridSize, source));
    }

    public EmotionTree Tree { get; }

    /// <summary>"model" (the loaded model's tree), "configured" or "default" (<see cref="DefaultEmotionTree"/>).</summary>
    public string Source { get; }

    public RegionsResponse Regions() => _regions.Value;

    private static readonly string[] Names = Expressions.All.Select(e => e.Name()).ToArray();

    public string Name(AffectPoint p) => Names[(int)Tree.Predict(p)];

    private static RegionsResponse Regions(EmotionTree tree, int size, string source)
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
        return new RegionsResponse(size, Names, rows, source);
    }
}
