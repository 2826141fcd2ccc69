using ScottPlot;

namespace Circumplex.Training.Evaluation;

/// <summary>Predicted-vs-true scatter plots (one PNG per axis) with the identity line, as ScottPlot PNGs.</summary>
public static class ScatterPlotWriter
{
    public static void Write(string path, string axis, double[] truth, double[] predicted, string title)
    {
        var plot = new Plot();
        var scatter = plot.Add.ScatterPoints(truth, predicted);
        scatter.MarkerSize = 3;
        scatter.Color = Colors.SteelBlue.WithAlpha(0.5);
        var identity = plot.Add.Line(-1, -1, 1, 1);
        identity.Color = Colors.Gray;
        identity.LinePattern = LinePattern.Dashed;
        plot.Title(title);
        plot.XLabel($"true {axis}");
        plot.YLabel($"predicted {axis}");
        plot.Axes.SetLimits(-1.05, 1.05, -1.05, 1.05);
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        plot.SavePng(path, 600, 600);
    }
}
