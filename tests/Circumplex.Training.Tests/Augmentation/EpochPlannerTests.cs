using Circumplex.Affect;
using Circumplex.Training.Augmentation;
using Xunit;

namespace Circumplex.Tests.Training.Augmentation;

public class EpochPlannerTests
{
    // AffectNet's published training-set class counts (SPEC §5), in expression order.
    private static readonly int[] AffectNetCounts = [74_874, 134_415, 25_459, 14_090, 6_378, 3_803, 24_882, 3_750];

    private static Expression?[] AffectNetLabels() =>
        AffectNetCounts.SelectMany((count, c) => Enumerable.Repeat((Expression?)(Expression)c, count)).ToArray();

    [Fact]
    public void Plan_A_draws_20000_per_class_for_160000_an_epoch()
    {
        var planner = new EpochPlanner(AugmentationPlan.A, AffectNetLabels(), seed: 1);
        var epoch = planner.Epoch(0);
        Assert.Equal(160_000, epoch.Length);
        var labels = AffectNetLabels();
        var perClass = epoch.GroupBy(i => labels[i.SampleIndex]!.Value).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(Expressions.All, e => Assert.Equal(20_000, perClass[e]));
        // Contempt has 3,750 images: 20,000 draws must repeat them (with replacement), all from contempt.
        Assert.True(epoch.Where(i => labels[i.SampleIndex] == Expression.Contempt).Select(i => i.SampleIndex).Distinct().Count() <= 3_750);
    }

    [Fact]
    public void Plan_B_uses_every_capped_image_once_for_108021_an_epoch()
    {
        var planner = new EpochPlanner(AugmentationPlan.B, AffectNetLabels(), seed: 1);
        var epoch = planner.Epoch(0);
        Assert.Equal(108_021, epoch.Length);
        Assert.Equal(epoch.Length, epoch.Select(i => i.SampleIndex).Distinct().Count());
        var labels = AffectNetLabels();
        var perClass = epoch.GroupBy(i => labels[i.SampleIndex]!.Value).ToDictionary(g => g.Key, g => g.Count());
        int[] expected = [20_000, 20_000, 20_000, 14_090, 6_378, 3_803, 20_000, 3_750];
        Assert.All(Expressions.All, e => Assert.Equal(expected[(int)e], perClass[e]));
        Assert.Equal(108_021, planner.EpochSize);
    }

    [Fact]
    public void Each_of_the_five_operations_is_chosen_about_a_fifth_of_the_time()
    {
        var epoch = new EpochPlanner(AugmentationPlan.A, AffectNetLabels(), seed: 3).Epoch(0);
        foreach (var op in Enum.GetValues<AugmentationOp>())
        {
            double share = epoch.Count(i => i.Op == op) / (double)epoch.Length;
            Assert.InRange(share, 0.19, 0.21); // 160k draws: the standard error of a 1/5 share is 0.001
        }
    }

    [Fact]
    public void Every_epoch_makes_new_choices_and_the_same_epoch_repeats_exactly()
    {
        var planner = new EpochPlanner(AugmentationPlan.B, AffectNetLabels(), seed: 5);
        var e0 = planner.Epoch(0);
        var e1 = planner.Epoch(1);
        Assert.Equal(e0, planner.Epoch(0));
        Assert.NotEqual(e0.Select(i => i.Op), e1.Select(i => i.Op));
        Assert.Equal(e0.Select(i => i.SampleIndex).Order(), e1.Select(i => i.SampleIndex).Order()); // the cap is drawn once
    }

    [Fact]
    public void Plan_none_is_the_data_as_it_is()
    {
        Expression?[] labels = [Expression.Happy, null, Expression.Sad];
        var epoch = new EpochPlanner(AugmentationPlan.None, labels, seed: 1).Epoch(0);
        Assert.Equal([0, 1, 2], epoch.Select(i => i.SampleIndex).Order());
        Assert.All(epoch, i => Assert.Equal(AugmentationOp.Nothing, i.Op));
    }

    [Fact]
    public void Balancing_plans_need_labels()
    {
        Assert.Throws<ArgumentException>(() => new EpochPlanner(AugmentationPlan.B, [Expression.Happy, null], seed: 1));
    }
}
