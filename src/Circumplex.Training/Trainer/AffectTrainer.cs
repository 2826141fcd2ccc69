using System.Diagnostics;
using System.Text.Json;
using Circumplex.Models;
using Circumplex.Training.Augmentation;
using Circumplex.Training.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace Circumplex.Training.Trainer;

/// <summary>The outcome of a run: the model with its best-epoch weights, and the per-epoch history.</summary>
public sealed record TrainingResult(AffectNetwork Model, IReadOnlyList<EpochRecord> History, int BestEpoch, bool StoppedEarly);

/// <summary>
/// Trains an affect network with L2 loss on valence/arousal (plus, optionally, cross-entropy on an auxiliary
/// expression head so that categorical sets like FER2013 can help), AdamW, learning-rate reduction on plateau and
/// early stopping on validation loss. After every epoch it writes a checkpoint (weights, optimiser, schedule,
/// history) from which <c>resume</c> continues bit-identically, plus epochs.csv and the best weights so far.
/// With an expression head, the head is also scored each epoch on <paramref name="expressionValidation"/> (by default
/// the validation faces that have an expression label), and <see cref="SelectionCriterion.Objective"/> schedules and
/// stops on valence/arousal MSE plus the weighted cross-entropy there.
/// </summary>
public sealed class AffectTrainer(TrainingOptions options, TrainingSet train, TrainingSet validation, string outputDirectory,
    IProgress<TrainingProgress>? progress = null, Action<AffectNetwork>? initialise = null, TrainingSet? expressionValidation = null)
{
    private TrainingSet? ExpressionCheck =>
        options.ExpressionLossWeight <= 0 ? null
        : expressionValidation ?? (Enumerable.Range(0, validation.Count).Any(i => validation[i].Sample.Expression is not null) ? validation : null);

    /// <summary>The class centres of the training faces, when the run gives categorical faces weak (v, a) targets.</summary>
    public WeakAffectTargets? WeakTargets { get; } = options.WeakAffectWeight > 0 ? WeakAffectTargets.FromTrainingFaces(train) : null;

    private string CheckpointDir => Path.Combine(outputDirectory, "checkpoint");
    public string BestWeightsPath => Path.Combine(outputDirectory, "best.weights");
    public string EpochLogPath => Path.Combine(outputDirectory, "epochs.csv");

    private sealed record CheckpointState(int EpochsDone, PlateauSchedule Schedule, List<EpochRecord> History, TrainingOptions Options);

    public static int ExpressionOutputs => Affect.Expressions.Count;

    /// <summary>The network for these options: 2 outputs, or 2 + 8 with the auxiliary expression head (1×2 only).</summary>
    public static AffectNetwork CreateModel(TrainingOptions o, Device? device = null) =>
        o.ExpressionLossWeight > 0
            ? AffectNetworkFactory.Create(o.Architecture, o.Design, o.InputSize, device, extraOutputs: ExpressionOutputs)
            : AffectNetworkFactory.Create(o.Architecture, o.Design, o.InputSize, device);

    public TrainingResult Run(bool resume = false, CancellationToken ct = default)
    {
        options.Validate();
        var expressionCheck = ExpressionCheck;
        if (options.SelectOn == SelectionCriterion.Objective && expressionCheck is null)
            throw new ArgumentException("selecting on the whole objective needs validation faces with expression labels");
        Directory.CreateDirectory(outputDirectory);
        torch.set_num_threads(Environment.ProcessorCount);
        var device = torch.device(options.Device);
        torch.manual_seed(options.Seed);
        var model = CreateModel(options);
        initialise?.Invoke(model); // e.g. weights pretrained on another set; a resumed checkpoint overrides them below
        model.to(device);
        var optimizer = torch.optim.AdamW(model.parameters(), lr: options.LearningRate, weight_decay: options.WeightDecay);
        var schedule = new PlateauSchedule { LearningRate = options.LearningRate, ReducePatience = options.ReducePatience, StopPatience = options.StopPatience };
        var history = new List<EpochRecord>();
        int start = 0;
        if (resume && File.Exists(Path.Combine(CheckpointDir, "state.json")))
        {
            var state = JsonSerializer.Deserialize<CheckpointState>(File.ReadAllText(Path.Combine(CheckpointDir, "state.json")))
                ?? throw new InvalidDataException($"{CheckpointDir}/state.json is empty");
            if (!SameRun(state.Options, options))
                throw new InvalidOperationException($"the checkpoint in {CheckpointDir} was made with other options; use another --out or drop --resume");
            model.load(Path.Combine(CheckpointDir, "model.weights"));
            optimizer.load_state_dict(Path.Combine(CheckpointDir, "optimizer.state"));
            schedule = state.Schedule;
            history = state.History;
            start = state.EpochsDone;
        }
        var planner = new EpochPlanner(options.Plan, train.Labels(), options.Seed);
        bool stopped = schedule.ShouldStop;
        for (int epoch = start; epoch < options.Epochs && !stopped; epoch++)
        {
            ct.ThrowIfCancellationRequested();
            SetLearningRate(optimizer, schedule.LearningRate);
            // Reseeding per epoch (dropout, erasing noise) makes a resumed epoch identical to an uninterrupted one.
            torch.manual_seed(HashCode.Combine(options.Seed, epoch, 0x70C4));
            var clock = Stopwatch.StartNew();
            double trainLoss = TrainEpoch(model, optimizer, planner, epoch, device, ct);
            double seconds = clock.Elapsed.TotalSeconds;
            int images = Math.Min(planner.EpochSize, options.MaxImagesPerEpoch ?? int.MaxValue);

            progress?.Report(new TrainingProgress(epoch + 1, options.Epochs, 0, 0, trainLoss, images / seconds, "validating"));
            var val = AffectEvaluator.Predict(model, validation, options.InputSize, options.Mean, options.Std, options.BatchSize, options.LoaderThreads, device);
            double valLoss = val.MeanSquaredError();
            var expression = expressionCheck is null ? null
                : ExpressionValidation.Score(model, expressionCheck, options.InputSize, options.Mean, options.Std, options.BatchSize, options.LoaderThreads, device);
            double selection = options.SelectOn == SelectionCriterion.Objective ? valLoss + options.ExpressionLossWeight * expression!.CrossEntropy : valLoss;
            double lrUsed = schedule.LearningRate;
            bool best = schedule.Observe(epoch, selection);
            if (best) model.save(BestWeightsPath);
            var record = new EpochRecord(epoch + 1, trainLoss, valLoss, val.Valence.Ccc, val.Arousal.Ccc, val.Valence.Rmse, val.Arousal.Rmse,
                lrUsed, images / seconds, clock.Elapsed.TotalSeconds, expression?.CrossEntropy, expression?.Accuracy, selection);
            history.Add(record);
            WriteEpochLog(history);
            SaveCheckpoint(model, optimizer, new CheckpointState(epoch + 1, schedule, history, options));
            stopped = schedule.ShouldStop;
        }
        if (File.Exists(BestWeightsPath)) model.load(BestWeightsPath);
        return new TrainingResult(model, history, schedule.BestEpoch + 1, stopped);
    }

    private static bool SameRun(TrainingOptions a, TrainingOptions b) =>
        a.Architecture == b.Architecture && a.Design == b.Design && a.Plan == b.Plan && a.InputSize == b.InputSize && a.Seed == b.Seed &&
        a.BatchSize == b.BatchSize && a.LearningRate == b.LearningRate && a.WeightDecay == b.WeightDecay &&
        a.ExpressionLossWeight == b.ExpressionLossWeight && a.MaxImagesPerEpoch == b.MaxImagesPerEpoch &&
        a.Mean.SequenceEqual(b.Mean) && a.Std.SequenceEqual(b.Std) && a.Framing == b.Framing && a.SelectOn == b.SelectOn &&
        a.DomainBlur == b.DomainBlur && a.DomainBlurShare == b.DomainBlurShare && a.DomainBlurHeadOnly == b.DomainBlurHeadOnly &&
        a.WeakAffectWeight == b.WeakAffectWeight && a.GreyscaleShare == b.GreyscaleShare;

    private double TrainEpoch(AffectNetwork model, torch.optim.Optimizer optimizer, EpochPlanner planner, int epoch, Device device, CancellationToken ct)
    {
        model.train();
        var items = planner.Epoch(epoch);
        if (options.MaxImagesPerEpoch is int cap && items.Length > cap) items = items[..cap];
        int batches = (items.Length + options.BatchSize - 1) / options.BatchSize;
        int size = options.InputSize;
        double lossSum = 0;
        int seen = 0, b = 0;
        var clock = Stopwatch.StartNew();
        foreach (var batch in BatchLoader.Batches(train, items, options.BatchSize, size, options.Mean, options.Std, options.Seed, epoch, options.LoaderThreads, ct,
                     options.Framing.IsNone ? null : options.Framing, new DomainBlur(options.DomainBlur, options.DomainBlurShare, options.DomainBlurHeadOnly), WeakTargets,
                     options.GreyscaleShare))
        {
            using var scope = NewDisposeScope();
            var x = torch.tensor(batch.Images, [batch.Count, 3, size, size]).to(device);
            var loss = TrainingLoss.Of(model.forward(x), batch, options.ExpressionLossWeight, WeakTargets is null ? 0 : options.WeakAffectWeight);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            lossSum += loss.item<float>() * batch.Count;
            seen += batch.Count;
            b++;
            progress?.Report(new TrainingProgress(epoch + 1, options.Epochs, b, batches, lossSum / seen, seen / clock.Elapsed.TotalSeconds, "training"));
            ct.ThrowIfCancellationRequested();
        }
        return lossSum / Math.Max(seen, 1);
    }

    private static void SetLearningRate(torch.optim.Optimizer optimizer, double lr)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
    }

    private void WriteEpochLog(IReadOnlyList<EpochRecord> history)
    {
        string tmp = EpochLogPath + ".tmp";
        File.WriteAllLines(tmp, history.Select(h => h.ToCsv()).Prepend(EpochRecord.CsvHeader));
        File.Move(tmp, EpochLogPath, overwrite: true);
    }

    /// <summary>Written to a fresh folder and swapped in, so an interrupted write never leaves a broken checkpoint.</summary>
    private void SaveCheckpoint(AffectNetwork model, TorchSharp.Modules.OptimizerHelper optimizer, CheckpointState state)
    {
        string tmp = CheckpointDir + ".tmp";
        if (Directory.Exists(tmp)) Directory.Delete(tmp, true);
        Directory.CreateDirectory(tmp);
        model.save(Path.Combine(tmp, "model.weights"));
        optimizer.save_state_dict(Path.Combine(tmp, "optimizer.state"));
        File.WriteAllText(Path.Combine(tmp, "state.json"), JsonSerializer.Serialize(state));
        string old = CheckpointDir + ".old";
        if (Directory.Exists(old)) Directory.Delete(old, true);
        if (Directory.Exists(CheckpointDir)) Directory.Move(CheckpointDir, old);
        Directory.Move(tmp, CheckpointDir);
        if (Directory.Exists(old)) Directory.Delete(old, true);
    }
}
