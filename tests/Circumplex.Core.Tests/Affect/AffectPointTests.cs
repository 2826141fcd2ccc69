using Circumplex.Affect;
using Xunit;

namespace Circumplex.Tests.Affect;

public class AffectPointTests
{
    [Fact]
    public void Values_are_clamped_to_the_square()
    {
        var p = new AffectPoint(1.7, -3);
        Assert.Equal(1.0, p.Valence);
        Assert.Equal(-1.0, p.Arousal);
    }

    [Fact]
    public void NaN_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => new AffectPoint(double.NaN, 0));
        Assert.Throws<ArgumentException>(() => new AffectPoint(0, double.NaN));
    }

    [Fact]
    public void Strict_rejects_out_of_range_user_input()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AffectPoint.Strict(1.01, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => AffectPoint.Strict(0, double.NaN));
        Assert.Equal(new AffectPoint(0.5, -0.5), AffectPoint.Strict(0.5, -0.5));
    }

    [Fact]
    public void Distance_is_euclidean()
    {
        Assert.Equal(5.0 / 10, new AffectPoint(0, 0).DistanceTo(new AffectPoint(0.3, 0.4)), 12);
    }

    [Theory]
    [InlineData("angry", Expression.Anger)]
    [InlineData("Happy", Expression.Happy)]
    [InlineData("surprise", Expression.Surprise)]
    [InlineData("contempt", Expression.Contempt)]
    public void Dataset_class_names_map_to_expressions(string name, Expression expected)
    {
        Assert.True(Expressions.TryParse(name, out var e));
        Assert.Equal(expected, e);
    }

    [Fact]
    public void Unknown_class_name_is_not_guessed()
    {
        Assert.False(Expressions.TryParse("bored", out _));
        Assert.Equal(8, Expressions.All.Count);
        Assert.Equal("anger", Expression.Anger.Name());
    }
}
