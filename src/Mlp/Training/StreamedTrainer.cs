using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using Mlp.Data.Streaming;
using Mlp.Metrics;
using Mlp.Model;

namespace Mlp.Training;

/// <summary>
/// Training on a data set streamed from its cache. Each epoch shuffles the training blocks,
/// reads them a window of blocks at a time (the next window loading while this one trains),
/// shuffles the rows within the window and steps through them in mini-batches; validation
/// streams the held-out blocks. The steps, schedule, early stopping and divergence checks are
/// the in-memory trainer's. Orders come from the seed, the epoch and the window alone, so the
/// thread count does not change the result.
/// </summary>
internal static class StreamedTrainer
{
    /// <summary>The most rows the final metrics are computed on, per side (training, validation).</summary>
    public const int MaxMetricRows = 1_000_000;

    public static TrainingResult Train(
        StreamedData data,
        TrainingSettings settings,
        long windowBytes,
        Action<EpochRecord>? onEpoch = null,
        CancellationToken cancel = default,
        bool trackMetric = true,
        int[]? blocks = null
    )
    {
        settings.Validate();
        bool autoSmoothing = settings.LabelSmoothing is null;
        settings = SmoothingRule.Resolve(settings, data.Schema.Task);
        if (settings.Ensemble > 1)
        {
            throw new InvalidSettingException(
                nameof(TrainingSettings.Ensemble),
                settings.Ensemble.ToString(CultureInfo.InvariantCulture),
                "is for data trained in memory: streamed data trains one network",
                "give a --memory that holds the data to train an ensemble"
            );
        }
        bool autoEnsemble = settings.Ensemble == 0;
        bool autoEpochs = settings.AutoEpochs;
        settings = settings with { Ensemble = 1 };
        if (autoEpochs)
        {
            // Many rows: early stopping keeps the best epoch, with no second run on every row.
            settings = settings with
            {
                Epochs = EpochSearch.MaxEpochs,
                Validation = EpochSearch.ValidationShare,
                Patience = EpochSearch.Patience,
            };
        }
        var split = blocks is null
            ? new BlockSplit(data.Rows, settings.Validation, settings.Seed)
            : new BlockSplit(data.Rows, blocks, settings.Validation, settings.Seed);
        TrainingResult RunShape(TrainingSettings shaped) =>
            Run(data, shaped, split, windowBytes, onEpoch, cancel, trackMetric);
        var (result, capacity) = settings.AutoHidden
            ? RunCandidates(
                settings,
                AutoCapacity.Candidates((int)split.TrainRows, data.Schema.Task),
                RunShape
            )
            : (RunShape(settings), null);
        return result with
        {
            Capacity = capacity,
            AutoEnsemble = autoEnsemble,
            AutoLabelSmoothing = autoSmoothing,
            EpochChoice = autoEpochs
                ? new EpochChoice(
                    result.KeptEpoch,
                    true,
                    result.EpochsRun,
                    (int)split.ValidationRows,
                    result.ValidationLoss,
                    result.ValidationMetrics
                )
                {
                    Refit = false,
                }
                : null,
        };
    }

    /// <summary>
    /// --hidden auto: one early-stopped run per candidate shape on the same blocks, keeping the
    /// run with the lower validation loss (as <see cref="CapacitySearch"/> does in memory, where
    /// the kept shape is then trained again on every row).
    /// </summary>
    private static (TrainingResult, CapacityCandidate[]) RunCandidates(
        TrainingSettings settings,
        int[][] shapes,
        Func<TrainingSettings, TrainingResult> run
    )
    {
        long steps = 0;
        double seconds = 0;
        var (best, candidates) = CapacitySearch.Keep(
            shapes,
            hidden =>
            {
                var shaped = run(settings with { Hidden = hidden });
                steps += shaped.Steps;
                seconds += shaped.TrainSeconds;
                return shaped;
            },
            shaped => shaped.ValidationLoss
        );
        return (best with { Steps = steps, TrainSeconds = seconds }, candidates);
    }

    private static TrainingResult Run(
        StreamedData data,
        TrainingSettings settings,
        BlockSplit split,
        long windowBytes,
        Action<EpochRecord>? onEpoch,
        CancellationToken cancel,
        bool trackMetric
    )
    {
        var schema = data.Schema;
        int windowBlocks = WindowBlocks(windowBytes, data.Layout, split.BlockRows);
        var classWeights = ClassWeights.Resolve(settings.ClassWeight, schema, data.ClassCounts);
        var reader = new WindowReader(data, split, windowBlocks, classWeights);
        int batchSize = settings.BatchSize;
        if (batchSize <= 0 || batchSize > reader.Capacity)
        {
            throw new InvalidSettingException(
                nameof(TrainingSettings.BatchSize),
                batchSize <= 0 ? "full" : batchSize.ToString(CultureInfo.InvariantCulture),
                $"is larger than a window of streamed rows ({reader.Capacity})",
                "give a smaller --batch-size, or a larger --memory"
            );
        }
        var network = Network<float>.Create(
            schema.InputCount,
            settings.Hidden,
            schema.OutputCount,
            settings.Activation
        );
        network.Initialize(Rng.For(settings.Seed, RngStream.Initialization), settings.Init);
        bool lossWeighted = data.HasWeights || classWeights is not null;
        var first = new float[lossWeighted ? 1 : 0];
        var step = new TrainingStep(
            network,
            settings,
            schema.Task,
            batchSize,
            lossWeighted ? first : null,
            data.HasWeights ? first : null
        );
        var schedule = new LearningRateSchedule(settings);
        var model = new MlpModel
        {
            Schema = schema,
            Network = network,
            InputScaling = data.InputScaling,
            TargetScaling = data.TargetScaling,
            Settings = settings,
        };
        var history = new List<EpochRecord>();
        var end = new EpochEnd(settings);
        var clock = Stopwatch.StartNew();
        var order = new int[split.Train.Length];
        for (int epoch = 1; epoch <= settings.Epochs; epoch++)
        {
            cancel.ThrowIfCancellationRequested();
            schedule.StartEpoch(epoch, settings.Epochs);
            step.LearningRate = schedule.Current;
            split.Train.CopyTo(order, 0);
            Rng.For(settings.Seed, RngStream.Shuffle, epoch).Shuffle(order);
            var seen = trackMetric ? new ScoreAccumulator(schema.Task) : null;
            double lossSum = 0;
            double weightSum = 0;
            foreach (var window in reader.Over(order))
            {
                cancel.ThrowIfCancellationRequested();
                var local = window.Local.AsSpan(0, window.Rows);
                for (int r = 0; r < local.Length; r++)
                {
                    local[r] = r;
                }
                Rng.For(
                        settings.Seed,
                        RngStream.WindowShuffle,
                        ((long)epoch << 32) | (uint)window.Index
                    )
                    .Shuffle(local);
                step.NewRows(window.LossWeights, window.Weights);
                for (int start = 0; start < local.Length; start += batchSize)
                {
                    var batch = local.Slice(start, Math.Min(batchSize, local.Length - start));
                    lossSum += step.Run(window.Inputs, window.Targets, batch, seen);
                }
                weightSum += window.LossWeights is { } weights
                    ? TensorPrimitives.Sum<float>(weights.AsSpan(0, window.Rows))
                    : window.Rows;
            }
            double trainLoss = lossSum / weightSum;
            Trainer.DivergedEpoch(trainLoss, network.Parameters, epoch, settings);
            double? validationLoss = null;
            double metric = seen?.Score() ?? double.NaN;
            if (split.Validation.Length > 0)
            {
                var (loss, score) = Validate(
                    network,
                    schema.Task,
                    settings.LabelSmoothing ?? 0,
                    reader,
                    split,
                    step.Workspace
                );
                Trainer.Diverged(loss, "validation loss", epoch, settings);
                (validationLoss, metric) = (loss, score);
            }
            var record = new EpochRecord(
                epoch,
                trainLoss,
                validationLoss,
                metric,
                clock.Elapsed.TotalSeconds,
                step.LearningRate
            );
            history.Add(record);
            onEpoch?.Invoke(record);
            if (
                end.Stop(
                    epoch,
                    trainLoss,
                    validationLoss,
                    metric,
                    network.Parameters,
                    () => Trainer.State(epoch, step, schedule),
                    schedule
                )
            )
            {
                break;
            }
        }
        double seconds = clock.Elapsed.TotalSeconds;
        var state = end.Finish(
            network.Parameters,
            Trainer.State(history[^1].Epoch, step, schedule)
        );
        var training = Score(model, reader, split, split.Train, settings.Seed, cancel);
        (MetricSet Metrics, int Rows)? validation =
            split.Validation.Length > 0
                ? Score(model, reader, split, split.Validation, settings.Seed, cancel)
                : null;
        return new TrainingResult
        {
            Model = new MlpModel
            {
                Schema = schema,
                Network = network,
                InputScaling = data.InputScaling,
                TargetScaling = data.TargetScaling,
                Settings = settings,
                State = state,
                History = TrainingHistory.Continue(null, history, end.KeptEpoch),
            },
            History = history,
            Steps = step.Count,
            TrainSeconds = seconds,
            KeptEpoch = end.KeptEpoch,
            TrainingMetrics = training.Metrics,
            ValidationMetrics = validation?.Metrics,
            MetricRows = (training.Rows, validation?.Rows ?? 0),
        };
    }

    /// <summary>
    /// Cross-validation's folds of whole blocks: the blocks shuffled by the seed, then dealt to
    /// the folds in turn, each fold's in file order.
    /// </summary>
    public static int[][] Folds(int rows, int folds, long seed)
    {
        int blockRows = BlockSplit.RowsPerBlock(rows);
        int count = BlockSplit.BlockCount(rows, blockRows);
        if (count < folds)
        {
            throw new InvalidSettingException(
                "Folds",
                folds.ToString(CultureInfo.InvariantCulture),
                $"needs as many blocks of {blockRows} rows: streamed data has {count}"
            );
        }
        var order = Enumerable.Range(0, count).ToArray();
        Rng.For(seed, RngStream.Folds).Shuffle(order);
        return
        [
            .. Enumerable
                .Range(0, folds)
                .Select(fold => order.Where((_, i) => i % folds == fold).Order().ToArray()),
        ];
    }

    /// <summary>A trained model's metrics on some blocks (up to <see cref="MaxMetricRows"/> rows of them): a fold's test blocks.</summary>
    public static MetricSet Score(
        MlpModel model,
        StreamedData data,
        int[] blocks,
        long windowBytes,
        CancellationToken cancel = default
    )
    {
        var split = new BlockSplit(data.Rows, blocks, 0, model.Settings.Seed);
        var reader = new WindowReader(
            data,
            split,
            WindowBlocks(windowBytes, data.Layout, split.BlockRows),
            null
        );
        return Score(model, reader, split, blocks, model.Settings.Seed, cancel).Metrics;
    }

    /// <summary>How many blocks a window holds when two windows share <paramref name="windowBytes"/>.</summary>
    public static int WindowBlocks(long windowBytes, StreamLayout layout, int blockRows) =>
        (int)
            Math.Clamp(
                windowBytes / 2 / (blockRows * layout.RecordBytes),
                1,
                int.MaxValue / blockRows
            );

    /// <summary>The mean loss (weighted as training weighs it) and score over the held-out blocks.</summary>
    private static (double Loss, double Score) Validate(
        Network<float> network,
        TaskKind task,
        float smoothing,
        WindowReader reader,
        BlockSplit split,
        Workspace<float> workspace
    )
    {
        var seen = new ScoreAccumulator(task);
        double lossSum = 0;
        double weightSum = 0;
        foreach (var window in reader.Over(split.Validation))
        {
            var rows = Enumerable.Range(0, window.Rows).ToArray();
            lossSum += Trainer.AddLoss(
                network,
                task,
                smoothing,
                window.Inputs,
                window.Targets,
                window.Weights,
                rows,
                workspace,
                window.LossWeights,
                seen
            );
            weightSum += window.LossWeights is { } weights
                ? TensorPrimitives.Sum<float>(weights.AsSpan(0, window.Rows))
                : window.Rows;
        }
        return (lossSum / weightSum, seen.Score());
    }

    /// <summary>
    /// The model's metrics on some blocks: all of them up to <see cref="MaxMetricRows"/> rows,
    /// else a seeded random choice of whole blocks holding about that many.
    /// </summary>
    private static (MetricSet Metrics, int Rows) Score(
        MlpModel model,
        WindowReader reader,
        BlockSplit split,
        int[] blocks,
        long seed,
        CancellationToken cancel
    )
    {
        var chosen = blocks.ToArray();
        if (chosen.Sum(block => (long)split.RowsOf(block)) > MaxMetricRows)
        {
            Rng.For(seed, RngStream.RowSample).Shuffle(chosen);
            chosen = chosen[..Math.Max(1, MaxMetricRows / split.BlockRows)];
            Array.Sort(chosen);
        }
        int width = model.Network.OutputCount;
        int rows = chosen.Sum(split.RowsOf);
        var all = new float[rows * width];
        var targets = new float[rows];
        var weights = new float[reader.HasWeights ? rows : 0];
        int at = 0;
        foreach (var window in reader.Over(chosen))
        {
            int count = window.Rows;
            ParallelForward
                .Run(model, window.Inputs, count, cancel)
                .CopyTo(all.AsSpan(at * width, count * width));
            var windowTargets = targets.AsSpan(at, count);
            window.Targets.AsSpan(0, count).CopyTo(windowTargets);
            model.TargetScaling?.FromStandard(windowTargets, 0);
            window.Weights?.AsSpan(0, count).CopyTo(weights.AsSpan(at, count));
            at += count;
        }
        int unusable = all.Count(output => !float.IsFinite(output));
        if (unusable > 0)
        {
            throw Trainer.DivergedError(
                $": the trained model's outputs are not finite ({unusable} of {all.Length})",
                model.Settings
            );
        }
        var metrics = Scoring.Compute(
            model.Schema.Task,
            model.Schema.Classes.Length,
            all,
            targets,
            weights: weights
        );
        return (metrics, rows);
    }
}
