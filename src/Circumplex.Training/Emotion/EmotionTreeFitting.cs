using Circumplex.Affect;
using Circumplex.Emotion;
using Circumplex.Training.Data;

namespace Circumplex.Training.Emotion;

/// <summary>The emotion tree of a model: grid-searched CART on a dataset's (valence, arousal, expression) triples,
/// limited to trees of at most 30 leaves so that the page draws each emotion as a few boxes.</summary>
public static class EmotionTreeFitting
{
    public static IReadOnlyList<LabelledAffect> Triples(FaceDataset dataset) =>
        dataset.Samples.Where(s => s.HasAffect && s.Expression is not null)
            .Select(s => new LabelledAffect(new AffectPoint(s.Valence!.Value, s.Arousal!.Value), s.Expression!.Value))
            .ToArray();

    public static (EmotionTree Tree, TreeSearchResult Best) Fit(FaceDataset train, int seed = 0)
    {
        var triples = Triples(train);
        if (triples.Count < 10)
            throw new InvalidOperationException($"{train.Name} has {triples.Count} samples with valence, arousal and expression; the emotion tree needs labelled data");
        var (tree, grid) = EmotionTreeSearch.Search(triples, folds: 5, seed: seed, depths: EmotionTreeSearch.ProductDepths,
            minSplits: EmotionTreeSearch.ProductMinSplits, minLeaves: EmotionTreeSearch.ProductMinLeaves, maxLeaves: EmotionTreeSearch.ProductMaxLeaves);
        var best = grid.First(r => r.HyperParameters == tree.HyperParameters);
        return (tree, best);
    }
}
