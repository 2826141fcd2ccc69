using Circumplex.Tests;
using Circumplex.Training.Data;
using Circumplex.Training.Evaluation;
using Xunit;

namespace Circumplex.Training.Tests.Evaluation;

public class FramingCalibrationTests
{
    [Fact]
    public void The_detectors_box_on_affectnet_crops_gives_a_margin_that_reproduces_their_framing()
    {
        using var train = DatasetOpener.Open(SharedData.Require("faces/affectnet_val_subset/labels_train.csv"));

        var result = FramingCalibration.Measure(train, maxImages: 120);

        Assert.True(result.Detected >= 90, $"{result.Detected} of {result.Examined} detected");
        // The face fills most of an AffectNet crop, so the margin is small and analysis reproduces the share exactly.
        Assert.InRange(result.BoxToCrop, 0.7, 0.95);
        Assert.InRange(result.Margin, 0.02, 0.2);
        Assert.Equal(result.BoxToCrop, result.BoxToCropWhenAnalysed, 9);
        Assert.InRange(result.OffsetY, -0.15, 0.15);
    }
}
