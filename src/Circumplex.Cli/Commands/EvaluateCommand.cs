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
        var output = new Option<string>("--out") { Description = "Folder for summary.json, predictions.csv, table2.md, table2.csv and the scatter plots", DefaultValueFactory = _ => "runs/evaluate" };
        var detect = new Option<bool>("--detect") { Description = "Feed each image through analyse's path (Haar detection + the model's framing) instead of whole; images without a face are counted and left out" };
        var framingScale = new Option<double>("--framing-scale") { Description = "Scale each whole image's framing square by this (0.9 / 1.1: how much ±10% of framing moves the figures); not with --detect", DefaultValueFactory = _ => 1 };
        var greyscale = new Option<bool>("--greyscale") { Description = "Read each whole image grey (its luma in all three channels): how the model fares on grey faces, e.g. the validation faces of --held-out; not with --detect" };
        var heldOut = new Option<double?>("--held-out") { Description = "Evaluate only the stratified fraction of --data that `train --validation-fraction F --seed S` holds out (the same faces, for the same F and --seed)" };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1, Description = "With --held-out: the training run's seed" };
        var command = new Command("evaluate", "Table 2 metrics (RMSE, CORR, CCC, SAGR) and emotion accuracy of a model on a labelled set")
        {
            model, data, baselines, output, detect, framingScale, greyscale, heldOut, seed,
        };
        command.SetAction(parse =>
        {
            double scale = parse.GetValue(framingScale);
            if (!(scale > 0 && scale <= 4)) throw new ArgumentException($"--framing-scale must lie in (0, 4], got {scale}");
            if (parse.GetValue(detect) && scale != 1) throw new ArgumentException("--framing-scale applies to whole images; with --detect the framing is the model's");
            bool grey = parse.GetValue(greyscale);
            if (parse.GetValue(detect) && grey) throw new ArgumentException("--greyscale applies to whole images; with --detect the input is analyse's");
            double? fraction = parse.GetValue(heldOut);
            if (fraction is double f && !(f > 0 && f < 1)) throw new ArgumentException($"--held-out must lie strictly between 0 and 1, got {f}");
            string modelPath = DefaultModel.Resolve(parse.GetValue(model));
            using var loaded = ModelFile.Load(modelPath);
            var meta = loaded.Metadata;
            using var opened = DatasetOpener.Open(parse.GetRequiredValue(data));
            // The split borrows the opened set's images, so disposing `opened` is enough.
            var dataset = fraction is double held ? DatasetSplit.Stratified(opened, held, parse.GetValue(seed)).Validation : opened;
            var set = new TrainingSet(dataset);
            string outDir = parse.GetRequiredValue(output);
            Directory.CreateDirectory(outDir);
            bool viaDetection = parse.GetValue(detect);
            var naming = meta.Naming();
            string name = $"{meta.Architecture} {ArchitectureNames.Name(meta.Design)} ({Path.GetFileName(modelPath)}, {meta.InputSize} px)";
            console.MarkupLineInterpolated($"Evaluating [bold]{name}[/] on {set.Describe()}{(viaDetection ? " through face detection and the model's framing (margin " + meta.FramingMargin.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + ")" : "")}");

            if (scale != 1) console.MarkupLineInterpolated($"Framing squares scaled by {scale}");
            if (grey) console.MarkupLine("Every face read grey");
            var readings = ModelReader.Read(loaded.Network, meta, set, viaDetection, framingScale: scale, greyscale: grey);
            var (summary, named) = EvaluationSummary.Build(readings, naming);
            File.WriteAllText(Path.Combine(outDir, "summary.json"), summary.ToJson());
            PredictionsCsv.Write(Path.Combine(outDir, "predictions.csv"), readings, named);
            if (viaDetection) console.MarkupLineInterpolated($"Faces found in {summary.N:N0} of {readings.Count:N0} images ({summary.NoFace:N0} without a face are left out of every figure).");

            var withAffect = readings.Where(r => r.FaceFound && r.TrueValence is not null && r.TrueArousal is not null).ToList();
            if (withAffect.Count > 0)
            {
                var predictions = new AffectPredictions([.. withAffect.Select(r => r.TrueValence!.Value)], [.. withAffect.Select(r => r.TrueArousal!.Value)],
                    [.. withAffect.Select(r => r.Regression!.Value.Valence)], [.. withAffect.Select(r => r.Regression!.Value.Arousal)], [.. withAffect.Select(r => r.TrueExpression)]);
                var rows = new List<Table2Row> { new(name, meta.ParameterCount, predictions.Valence, predictions.Arousal, $"on {dataset.Name}{(viaDetection ? ", detected" : "")}") };
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
            }
            int classes = summary.Classes.Count;
            if (summary.TreeOnTruthAccuracy is double onTruth)
                console.MarkupLineInterpolated($"Emotion tree ({naming!.Tree.LeafCount} leaves) on the set's true (valence, arousal): [green]{onTruth:P1}[/] (the paper: 96% on AffectNet validation)");
            if (summary.EmotionAccuracy is double named1)
                console.MarkupLineInterpolated($"Emotion named by the product ({summary.EmotionNaming}): [green]{named1:P1}[/] of {summary.N:N0} ({classes} classes)");
            if (summary.HeadAccuracy is double h) console.MarkupLineInterpolated($"Expression head alone: [green]{h:P1}[/]");
            if (summary.TreeOnPredictedAccuracy is double t) console.MarkupLineInterpolated($"Tree on the predicted (valence, arousal): [green]{t:P1}[/]");
            console.MarkupLineInterpolated($"Written: {outDir}/summary.json, predictions.csv{(withAffect.Count > 0 ? ", table2.md, table2.csv, valence.png, arousal.png" : "")}");
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
