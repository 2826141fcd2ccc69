using System.CommandLine;
using Circumplex.Affect;
using Circumplex.Models;

using Circumplex.Training.Data;
using Circumplex.Training.Emotion;
using Circumplex.Training.Evaluation;
using Circumplex.Training.Trainer;
using Spectre.Console;

namespace Circumplex.Cli.Commands;

/// <summary>`circumplex evaluate`: the paper's Table 2 row for a model on a labelled set, plots, and emotion accuracy.</summary>
public static class EvaluateCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var model = new Option<string?>("--model") { Description = "Model file (default: the shipped model)" };
        var data = new Option<string>("--data") { Description = "Labelled set: with valence/arousal for Table 2; with classes only (FER2013) for expression accuracy", Required = true };
        var baselines = new Option<string?>("--baselines-from") { Description = "Training set whose means make the two trivial baselines (training mean; mean of the true class)" };
        var output = new Option<string>("--out") { Description = "Folder for table2.md, table2.csv and the scatter plots", DefaultValueFactory = _ => "runs/evaluate" };
        var loaders = new Option<int>("--loader-threads") { DefaultValueFactory = _ => 1, Description = "Threads decoding images" };
        var command = new Command("evaluate", "Table 2 metrics (RMSE, CORR, CCC, SAGR) and emotion accuracy of a model on a labelled set")
        {
            model, data, baselines, output, loaders,
        };
        command.SetAction(parse =>
        {
            string modelPath = DefaultModel.Resolve(parse.GetValue(model));
            using var loaded = ModelFile.Load(modelPath);
            var meta = loaded.Metadata;
            using var dataset = DatasetOpener.Open(parse.GetRequiredValue(data));
            var set = new TrainingSet(dataset);
            string outDir = parse.GetRequiredValue(output);
            Directory.CreateDirectory(outDir);
            var tree = meta.EmotionTree();
            string name = $"{meta.Architecture} {ArchitectureNames.Name(meta.Design)} ({Path.GetFileName(modelPath)}, {meta.InputSize} px)";
            console.MarkupLineInterpolated($"Evaluating [bold]{name}[/] on {set.Describe()}");

            if (dataset.Samples.Any(s => s.HasAffect))
            {
                var predictions = AffectEvaluator.Predict(loaded.Network, set, meta.InputSize, meta.NormalizationMean, meta.NormalizationStd, 64, parse.GetValue(loaders));
                var rows = new List<Table2Row> { new(name, meta.ParameterCount, predictions.Valence, predictions.Arousal, $"on {dataset.Name}") };
                if (parse.GetValue(baselines) is string trainPath)
                {
                    using var trainSet = DatasetOpener.Open(trainPath);
                    var triples = trainSet.Samples.Where(s => s.HasAffect).Select(s => (s.Valence!.Value, s.Arousal!.Value, s.Expression)).ToArray();
                    var mean = Baselines.TrainingMean(predictions, triples);
                    var classMean = Baselines.ClassMean(predictions, triples);
                    rows.Add(new("baseline: training mean", null, mean.Valence, mean.Arousal, $"means of {trainSet.Name}"));
                    rows.Add(new("baseline: mean of the true class", null, classMean.Valence, classMean.Arousal, "knows the true expression"));
                }
                File.WriteAllText(Path.Combine(outDir, "table2.md"), Table2Writer.Markdown(rows));
                File.WriteAllText(Path.Combine(outDir, "table2.csv"), Table2Writer.Csv(rows));
                ScatterPlotWriter.Write(Path.Combine(outDir, "valence.png"), "valence", predictions.TrueValence, predictions.PredictedValence, $"{name}: valence");
                ScatterPlotWriter.Write(Path.Combine(outDir, "arousal.png"), "arousal", predictions.TrueArousal, predictions.PredictedArousal, $"{name}: arousal");
                console.Write(Table(rows));
                if (tree is not null && dataset.HasExpressions)
                {
                    double onTruth = tree.Accuracy(EmotionTreeFitting.Triples(dataset));
                    console.MarkupLineInterpolated($"Emotion tree on the set's true (valence, arousal): [green]{onTruth:P1}[/] of {dataset.Samples.Count:N0} expressions (the paper: 96% on AffectNet validation)");
                }
            }
            if (dataset.HasExpressions)
            {
                var acc = ExpressionAccuracy.Measure(loaded.Network, set, meta.InputSize, meta.NormalizationMean, meta.NormalizationStd, tree, 64, parse.GetValue(loaders));
                if (acc.HeadAccuracy is double h) console.MarkupLineInterpolated($"{acc.Classes}-class expression accuracy through the expression head: [green]{h:P1}[/] of {acc.Count:N0}");
                if (acc.TreeAccuracy is double t) console.MarkupLineInterpolated($"{acc.Classes}-class expression accuracy through the tree on predicted (v, a): [green]{t:P1}[/] of {acc.Count:N0}");
            }
            console.MarkupLineInterpolated($"Written: {outDir}/table2.md, table2.csv, valence.png, arousal.png");
            return 0;
        });
        return command;
    }

    private static Table Table(IEnumerable<Table2Row> rows)
    {
        var table = new Table().AddColumns("model", "params", "V RMSE", "V CORR", "V CCC", "V SAGR", "A RMSE", "A CORR", "A CCC", "A SAGR");
        static string F(double x) => double.IsNaN(x) ? "n/a" : $"{x:0.000}";
        foreach (var r in rows)
            table.AddRow(Markup.Escape(r.Model), r.Parameters is long p ? $"{p / 1e6:0.0}M" : "—", F(r.Valence.Rmse), F(r.Valence.Corr), F(r.Valence.Ccc), F(r.Valence.Sagr),
                F(r.Arousal.Rmse), F(r.Arousal.Corr), F(r.Arousal.Ccc), F(r.Arousal.Sagr));
        return table;
    }
}
