using System.CommandLine;
using Circumplex.Models;
using Circumplex.Models.Persistence;
using Circumplex.Training.Augmentation;

using Circumplex.Training.Data;
using Circumplex.Training.Emotion;
using Circumplex.Training.Evaluation;
using Circumplex.Training.Trainer;
using Spectre.Console;

namespace Circumplex.Cli.Commands;

/// <summary>`circumplex train`: trains an affect model and writes a self-describing model file.</summary>
public static class TrainCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var data = new Option<string[]>("--data") { Description = "Training set(s): AffectNet CSV, labels CSV, path,valence,arousal CSV, or class folders/zip (repeatable)", Required = true, AllowMultipleArgumentsPerToken = true };
        var validation = new Option<string?>("--validation") { Description = "Validation set with valence/arousal (early stopping and the LR schedule look at it; keep the test set out)" };
        var validationFraction = new Option<double?>("--validation-fraction") { Description = "Instead of --validation: hold out this stratified fraction of the first training set" };
        var categoricalFraction = new Option<double?>("--categorical-validation-fraction") { Description = "Also hold out this stratified fraction of every training set without valence/arousal (e.g. FER2013) to score the expression head each epoch" };
        var selectOn = new Option<string>("--select-on") { Description = "What the LR schedule and early stopping watch: affect (validation valence/arousal MSE, the paper) or objective (that plus the expression weight × the head's validation cross-entropy)", DefaultValueFactory = _ => "affect" };
        var arch = new Option<string>("--arch") { Description = "alexnet, resnet50, vit, invnet50, drvit or resnet18", DefaultValueFactory = _ => "invnet50" };
        var pretrained = new Option<string?>("--pretrained") { Description = "imagenet: start resnet18 from the ImageNet weights of NuGet's Microsoft.ML.DnnImageFeaturizer.ResNet18 (the default for resnet18), or none" };
        var affectRepeat = new Option<int>("--affect-repeat") { Description = "How many times each training image with valence/arousal appears per epoch (weighs a small labelled set against a large categorical one)", DefaultValueFactory = _ => 1 };
        var refit = new Option<string?>("--refit-head") { Description = "ridge: after training, refit a ResNet18 1×2's valence/arousal outputs in closed form on the training faces (penalty chosen on validation; the default for resnet18), or none" };
        var framing = new Option<string>("--framing-jitter") { Description = "Random re-framing of training faces: default (±10% scale, ±5% shift, ±10°) or none", DefaultValueFactory = _ => "default" };
        var domainBlur = new Option<string>("--domain-blur") { Description = "auto: when a set without valence/arousal is much blurrier than the faces with them (FER2013 train here), blur half of those faces as much, so that the head can also read a blurred copy of a face; head: the same, but the blurred faces teach only the expression head (their valence/arousal loss is masked); or none", DefaultValueFactory = _ => "none" };
        var greyscale = new Option<double>("--greyscale") { Description = "Share of training faces turned grey (as torchvision's RandomGrayscale), e.g. 0.2 when a training or target set is grey (FER2013); 0 = none", DefaultValueFactory = _ => 0 };
        var design = new Option<string>("--design") { Description = "1x2 (one net, two outputs) or 2x1 (two nets)", DefaultValueFactory = _ => "1x2" };
        var plan = new Option<string>("--plan") { Description = "Augmentation plan: none, A or B (paper Section 5)", DefaultValueFactory = _ => "B" };
        var size = new Option<int>("--size") { Description = "Input size in pixels (224 in the paper; 96–112 for CPU)", DefaultValueFactory = _ => 112 };
        var epochs = new Option<int>("--epochs") { Description = "Maximum epochs (early stopping may end sooner)", DefaultValueFactory = _ => 30 };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1, Description = "Random seed (data order, augmentation, initialisation)" };
        var batch = new Option<int>("--batch") { DefaultValueFactory = _ => 64, Description = "Batch size" };
        var lr = new Option<double>("--lr") { DefaultValueFactory = _ => 1e-3, Description = "AdamW learning rate" };
        var wd = new Option<double>("--weight-decay") { DefaultValueFactory = _ => 0.05, Description = "AdamW weight decay" };
        var maxImages = new Option<int?>("--max-images-per-epoch") { Description = "Cap on images per epoch after the plan" };
        var expressionWeight = new Option<double>("--expression-weight") { Description = "Weight of an auxiliary expression loss (0 = pure regression, as the paper)", DefaultValueFactory = _ => 0 };
        var weakAffect = new Option<double>("--weak-affect") { Description = "Give faces without valence/arousal (FER2013) their class's mean (v, a) over the training faces as a weak target, with this weight against 1 for real targets (0 = they teach only the expression head)", DefaultValueFactory = _ => 0 };
        var init = new Option<string?>("--init") { Description = "Start from the weights of this model file (same architecture, size and heads)" };
        var output = new Option<string>("--out") { Description = "Run folder: checkpoint, epochs.csv, model", DefaultValueFactory = _ => "runs/train" };
        var modelOut = new Option<string?>("--model-out") { Description = "Where to write the model file (default OUT/model.cmodel)" };
        var resume = new Option<bool>("--resume") { Description = "Continue from OUT/checkpoint" };
        var device = new Option<string>("--device") { Description = "cpu, or cuda with a CUDA build of libtorch", DefaultValueFactory = _ => "cpu" };
        var loaders = new Option<int>("--loader-threads") { Description = "Threads decoding and augmenting images", DefaultValueFactory = _ => 1 };
        var command = new Command("train", "Train an affect model (L2 on valence/arousal, AdamW, LR on plateau, early stopping)")
        {
            data, validation, validationFraction, categoricalFraction, selectOn, arch, pretrained, affectRepeat, framing, domainBlur, greyscale, refit, design, plan, size, epochs, seed, batch, lr, wd, maxImages, expressionWeight, weakAffect, init, output, modelOut, resume, device, loaders,
        };
        command.SetAction(parse =>
        {
            var architecture = ArchitectureNames.ParseArchitecture(parse.GetRequiredValue(arch));
            var imageNet = ParsePretrained(parse.GetValue(pretrained), architecture, parse.GetValue(init) is not null);
            var options = new TrainingOptions
            {
                Architecture = architecture,
                Design = ArchitectureNames.ParseDesign(parse.GetRequiredValue(design)),
                Plan = ArchitectureNames.ParsePlan(parse.GetRequiredValue(plan)),
                InputSize = parse.GetValue(size),
                Epochs = parse.GetValue(epochs),
                Seed = parse.GetValue(seed),
                BatchSize = parse.GetValue(batch),
                LearningRate = parse.GetValue(lr),
                WeightDecay = parse.GetValue(wd),
                MaxImagesPerEpoch = parse.GetValue(maxImages),
                ExpressionLossWeight = parse.GetValue(expressionWeight),
                WeakAffectWeight = parse.GetValue(weakAffect),
                GreyscaleShare = parse.GetValue(greyscale),
                Device = parse.GetRequiredValue(device),
                LoaderThreads = parse.GetValue(loaders),
                SelectOn = parse.GetRequiredValue(selectOn).ToLowerInvariant() switch
                {
                    "affect" => SelectionCriterion.Affect,
                    "objective" => SelectionCriterion.Objective,
                    var other => throw new ArgumentException($"unknown --select-on '{other}'; choose affect or objective"),
                },
                Framing = parse.GetRequiredValue(framing).ToLowerInvariant() switch
                {
                    "default" => FramingJitter.Default,
                    "none" => FramingJitter.None,
                    var other => throw new ArgumentException($"unknown --framing-jitter '{other}'; choose default or none"),
                },
            };
            if (imageNet is not null) options = options with { Mean = imageNet.NormalizationMean, Std = ImageNetResNet18.NormalizationStd };
            if (parse.GetValue(init) is string initFrom)
            {
                // The weights learnt inputs normalised the start's way: fine-tuning must feed them the same numbers
                // (and models fine-tuned from one start then read alike, so they can be averaged).
                var start = ModelFile.ReadMetadata(initFrom);
                options = options with { Mean = start.NormalizationMean, Std = start.NormalizationStd };
            }
            string blurMode = parse.GetRequiredValue(domainBlur).ToLowerInvariant();
            if (blurMode is not ("auto" or "head" or "none")) throw new ArgumentException($"unknown --domain-blur '{blurMode}'; choose auto, head or none");
            bool blurLikeBlurrySet = blurMode != "none";
            options = options with { DomainBlurHeadOnly = blurMode == "head" };
            int repeat = parse.GetValue(affectRepeat);
            if (repeat < 1) throw new ArgumentException($"--affect-repeat must be at least 1, got {repeat}");
            options.Validate();
            if ((parse.GetValue(validation) is null) == (parse.GetValue(validationFraction) is null))
                throw new ArgumentException("give exactly one of --validation FILE and --validation-fraction F");
            var opened = parse.GetRequiredValue(data).Select(p => DatasetOpener.Open(p)).ToArray();
            var trainSets = opened;
            FaceDataset validationSet;
            if (parse.GetValue(validationFraction) is double fraction)
            {
                var (trainPart, heldOut) = DatasetSplit.Stratified(opened[0], fraction, options.Seed);
                trainSets = [trainPart, .. opened[1..]];
                validationSet = heldOut;
            }
            else validationSet = DatasetOpener.Open(parse.GetValue(validation)!);
            var categoricalHeldOut = new List<FaceDataset>();
            if (parse.GetValue(categoricalFraction) is double heldOutFraction)
            {
                trainSets = [.. trainSets.Select(d =>
                {
                    if (d.HasAffect) return d;
                    var (trainPart, heldOut) = DatasetSplit.Stratified(d, heldOutFraction, options.Seed);
                    categoricalHeldOut.Add(heldOut);
                    return trainPart;
                })];
                if (categoricalHeldOut.Count == 0)
                    throw new ArgumentException("--categorical-validation-fraction needs a training set without valence/arousal (e.g. FER2013)");
            }
            try
            {
                if (blurLikeBlurrySet)
                {
                    if (SharpnessMatching.Measure(trainSets, options.InputSize, options.Seed) is { } match)
                    {
                        options = options with { DomainBlur = Math.Round(match.Sigma, 3) };
                        console.MarkupLineInterpolated($"Domain blur: {match.BlurrySet} is blurrier than {match.SharpSet} (sharpness {match.BlurryMedian:0.0000} against {match.SharpMedian:0.0000}); {options.DomainBlurShare:P0} of the faces with valence/arousal get a blur of {options.DomainBlur:0.00} px{(options.DomainBlurHeadOnly ? " and then teach only the expression head" : "")}");
                    }
                    else console.WriteLine("Domain blur: no training set is much blurrier than the faces with valence/arousal; none applied");
                }
                foreach (var d in trainSets.Append(validationSet))
                    if (d.Skipped.Count > 0) console.MarkupLineInterpolated($"[yellow]{d.Name}: {d.Skipped.Count:N0} rows skipped[/] (first: {d.Skipped[0]})");
                // A set with valence/arousal listed N times = each of its images N times an epoch, each time augmented anew.
                var train = new TrainingSet([.. trainSets.SelectMany(d => Enumerable.Repeat(d, d.HasAffect ? repeat : 1))]);
                var val = new TrainingSet(validationSet);
                var expressionCheck = categoricalHeldOut.Count > 0 ? new TrainingSet([validationSet, .. categoricalHeldOut]) : null;
                string outDir = parse.GetRequiredValue(output);
                console.MarkupLineInterpolated($"Training {options.Architecture} {ArchitectureNames.Name(options.Design)} plan {options.Plan} at {options.InputSize} px on {train.Describe()}; validating on {val.Describe()}");
                if (expressionCheck is not null) console.MarkupLineInterpolated($"Expression head scored each epoch on {expressionCheck.Describe()}; selecting on {options.SelectOn}");
                string weakTargets = options.WeakAffectWeight > 0
                    ? $"weight {options.WeakAffectWeight.ToString(System.Globalization.CultureInfo.InvariantCulture)}, class centres {WeakAffectTargets.FromTrainingFaces(train).Describe()}"
                    : "none";
                if (options.WeakAffectWeight > 0) console.MarkupLineInterpolated($"Faces without valence/arousal get their class centre as a weak target ({weakTargets})");

                Action<AffectNetwork>? initialise = null;
                if (imageNet is not null)
                    initialise = network =>
                    {
                        foreach (var part in network.Networks.Cast<Circumplex.Models.Networks.ResNet18>()) imageNet.ApplyTo(part);
                        console.MarkupLineInterpolated($"Backbone from the ImageNet weights in {imageNet.Source}");
                    };
                if (parse.GetValue(init) is string initPath)
                    initialise = network =>
                    {
                        using var source = ModelFile.Load(initPath);
                        network.load_state_dict(source.Network.state_dict());
                        console.MarkupLineInterpolated($"Initialised from {initPath}");
                    };
                var result = RunWithProgress(console, options, train, val, outDir, initialise, parse.GetValue(resume), expressionCheck);
                PrintHistory(console, result.History);
                bool ridge = (parse.GetValue(refit) ?? (options.Architecture == Architecture.ResNet18 && options.Design == Design.OneByTwo ? "ridge" : "none")).ToLowerInvariant() switch
                {
                    "ridge" => true,
                    "none" => false,
                    var other => throw new ArgumentException($"unknown --refit-head '{other}'; choose ridge or none"),
                };
                Circumplex.Training.Heads.RidgeHeadResult? refitted = null;
                if (ridge)
                {
                    var affectSets = trainSets.Where(d => d.HasAffect).ToArray();
                    refitted = Circumplex.Training.Heads.RidgeHead.Refit(result.Model, ModelMetadata.For(result.Model) with { NormalizationMean = options.Mean, NormalizationStd = options.Std },
                        new TrainingSet(affectSets), val);
                    console.MarkupLineInterpolated($"Ridge refit of the valence/arousal outputs (λ {refitted.ValenceLambda}/{refitted.ArousalLambda}): validation MSE valence {refitted.PreviousValenceMse:0.0000} → {refitted.ValenceValidationMse:0.0000}, arousal {refitted.PreviousArousalMse:0.0000} → {refitted.ArousalValidationMse:0.0000}; {(refitted.Replaced ? "replaced" : "kept the trained rows")}");
                }

                var predictions = AffectEvaluator.Predict(result.Model, val, options.InputSize, options.Mean, options.Std, options.BatchSize, options.LoaderThreads);
                var metrics = ModelMetrics.FromAxes("validation", predictions.Valence, predictions.Arousal);
                string modelPath = parse.GetValue(modelOut) ?? Path.Combine(outDir, "model.cmodel");
                var (metadata, finishing) = ModelFinishing.Finish(result.Model, ModelMetadata.For(result.Model) with
                {
                    NormalizationMean = options.Mean,
                    NormalizationStd = options.Std,
                    Metrics = metrics,
                }, trainSets, val, options.Seed, headTraining: train);
                foreach (string line in ModelFinishing.Describe(finishing)) console.WriteLine(line);
                metadata = metadata with
                {
                    TrainingData = new TrainingDataSummary
                    {
                        Dataset = train.Describe(),
                        Augmentation = options.Plan.ToString(),
                        TrainImages = train.Count,
                        ValidationImages = predictions.Count,
                        Epochs = result.History.Count,
                        BatchSize = options.BatchSize,
                        Seed = options.Seed,
                        Details = new()
                        {
                            ["validation"] = val.Describe(),
                            ["best_epoch"] = result.BestEpoch.ToString(),
                            ["pretrained"] = imageNet is null ? "none" : $"ImageNet ({ImageNetResNet18.PackageId} {ImageNetResNet18.PackageVersion})",
                            ["affect_repeat"] = repeat.ToString(System.Globalization.CultureInfo.InvariantCulture),
                            ["framing_jitter"] = options.Framing.ToString(),
                            ["domain_blur"] = options.DomainBlur > 0 ? $"{options.DomainBlur:0.00} px on {options.DomainBlurShare:0.##} of the faces with valence/arousal{(options.DomainBlurHeadOnly ? ", head only" : "")}" : "none",
                            ["weak_affect_targets"] = weakTargets,
                            ["greyscale"] = options.GreyscaleShare.ToString(System.Globalization.CultureInfo.InvariantCulture),
                            ["selected_on"] = options.SelectOn == SelectionCriterion.Objective ? "validation V/A MSE + expression weight × head cross-entropy" : "validation V/A MSE",
                            ["expression_validation"] = expressionCheck?.Describe() ?? "the validation faces",
                            ["expression_loss_weight"] = options.ExpressionLossWeight.ToString(System.Globalization.CultureInfo.InvariantCulture),
                            ["head_refit"] = refitted is null ? "none" : $"ridge λ {refitted.ValenceLambda}/{refitted.ArousalLambda}, validation MSE {refitted.PreviousValenceMse:0.0000}/{refitted.PreviousArousalMse:0.0000} → {refitted.ValenceValidationMse:0.0000}/{refitted.ArousalValidationMse:0.0000}, {(refitted.Replaced ? "replaced" : "kept")}",
                        },
                    },
                };
                ModelFinishing.AddDetails(metadata.TrainingData!.Details!, finishing);
                ModelFile.Save(modelPath, result.Model, metadata);
                console.MarkupLineInterpolated($"Best epoch {result.BestEpoch}: validation valence CCC {predictions.Valence.Ccc:0.000}, arousal CCC {predictions.Arousal.Ccc:0.000}. Model written to [green]{modelPath}[/].");
                return 0;
            }
            finally
            {
                validationSet.Dispose();
                foreach (var d in opened) d.Dispose();
            }
        });
        return command;
    }

    /// <summary>The ImageNet weights to start from, or null: resnet18 starts from them unless told otherwise.</summary>
    private static ImageNetResNet18? ParsePretrained(string? value, Architecture architecture, bool hasInit)
    {
        string choice = (value ?? (architecture == Architecture.ResNet18 && !hasInit ? "imagenet" : "none")).ToLowerInvariant();
        return choice switch
        {
            "none" => null,
            "imagenet" when architecture != Architecture.ResNet18 =>
                throw new ArgumentException($"ImageNet weights are available here for resnet18 only, not {architecture}"),
            "imagenet" when hasInit => throw new ArgumentException("give --pretrained imagenet or --init MODEL, not both"),
            "imagenet" => ImageNetResNet18.Load(),
            _ => throw new ArgumentException($"unknown --pretrained '{value}'; choose imagenet or none"),
        };
    }

    private static TrainingResult RunWithProgress(IAnsiConsole console, TrainingOptions options, TrainingSet train, TrainingSet val,
        string outDir, Action<AffectNetwork>? initialise, bool resume, TrainingSet? expressionCheck)
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            // Logs (CI, nohup): one line per epoch phase instead of a redrawn bar.
            int lastEpoch = -1;
            var plain = new Progress<TrainingProgress>(p =>
            {
                if (p.Phase == "validating" || (p.Epoch != lastEpoch && p.Batch == 1))
                    console.WriteLine($"epoch {p.Epoch}/{p.Epochs} {p.Phase}: loss {p.RunningLoss:0.0000}, {p.ImagesPerSecond:0.0} images/s");
                lastEpoch = p.Epoch;
            });
            return new AffectTrainer(options, train, val, outDir, plain, initialise, expressionCheck).Run(resume);
        }
        TrainingResult? result = null;
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                ProgressTask? task = null;
                int taskEpoch = -1;
                var bar = new Progress<TrainingProgress>(p =>
                {
                    if (p.Epoch != taskEpoch && p.Batches > 0)
                    {
                        task?.StopTask();
                        task = ctx.AddTask($"epoch {p.Epoch}/{p.Epochs}", maxValue: p.Batches);
                        taskEpoch = p.Epoch;
                    }
                    if (task is null) return;
                    task.Value = p.Batch;
                    task.Description = $"epoch {p.Epoch}/{p.Epochs} {p.Phase} loss {p.RunningLoss:0.0000} {p.ImagesPerSecond:0.0} img/s";
                });
                result = new AffectTrainer(options, train, val, outDir, bar, initialise, expressionCheck).Run(resume);
            });
        return result!;
    }

    private static void PrintHistory(IAnsiConsole console, IReadOnlyList<EpochRecord> history)
    {
        var table = new Table().AddColumns("epoch", "train loss", "val loss", "V CCC", "A CCC", "expr. acc.", "selected on", "lr", "img/s");
        foreach (var h in history)
            table.AddRow(h.Epoch.ToString(), $"{h.TrainLoss:0.0000}", $"{h.ValidationLoss:0.0000}", $"{h.ValenceCcc:0.000}", $"{h.ArousalCcc:0.000}",
                h.ExpressionAccuracy is double acc ? $"{acc:P1}" : "—", $"{h.SelectionLoss ?? h.ValidationLoss:0.0000}", $"{h.LearningRate:0.0e0}", $"{h.ImagesPerSecond:0.0}");
        console.Write(table);
    }
}
