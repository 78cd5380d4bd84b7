using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using Mlp.Data;
using Mlp.Metrics;
using Mlp.Model;

namespace Mlp.Training;

/// <summary>
/// The training loop: split, standardize, initialize, then epochs of shuffled mini-batches
/// (forward, loss, backward, optimizer step), with validation, early stopping and the
/// stop-loss rule. Each epoch's order is a shuffle of the training rows drawn for that epoch
/// alone, so a run resumed from a saved state (its epochs, steps, optimizer moments and
/// schedule) continues exactly as if it had not stopped. Reads top to bottom; the math lives
/// in <see cref="Network{T}"/> and the kernels.
/// </summary>
internal static class Trainer
{
    /// <summary>
    /// Early stopping counts its patience from the last epoch that bettered the monitored value
    /// by more than this (scikit-learn's tol): on separable data the validation loss creeps
    /// down by ever smaller amounts as the logits grow, and would otherwise never stop.
    /// The kept epoch is still the best one, however small its gain.
    /// </summary>
    public const double MinImprovement = 1e-4;

    /// <summary>
    /// Trains a network on <paramref name="data"/> (standardized in place), after the settings'
    /// range checks (<see cref="TrainingSettings.Validate"/>); under --epochs auto
    /// (<see cref="TrainingSettings.AutoEpochs"/>), the epoch count is chosen first by
    /// <see cref="EpochSearch"/>.
    /// </summary>
    public static TrainingResult Train(
        Dataset data,
        TrainingSettings settings,
        Action<EpochRecord>? onEpoch = null,
        CancellationToken cancel = default,
        Action<EpochRecord, MlpModel>? onEpochModel = null,
        bool trackMetric = true,
        MlpModel? resume = null,
        IStepObserver? observer = null
    )
    {
        settings.Validate(validationRows: data.ValidationRows > 0);
        bool autoSmoothing = settings.LabelSmoothing is null;
        // A resumed run's weights already hold the saved run's logit scale.
        settings = SmoothingRule.Resolve(settings, data.Schema.Task) with
        {
            LogitScale = 1,
        };
        TrainingResult Run(Dataset rows, TrainingSettings run, bool final) =>
            TrainFixed(
                rows,
                run,
                onEpoch,
                cancel,
                final ? onEpochModel : null,
                trackMetric,
                resume,
                observer
            );
        int trainingRows = data.Rows - data.ValidationRows;
        bool autoEnsemble = settings.Ensemble == 0;
        if (autoEnsemble)
        {
            settings = settings with { Ensemble = Ensemble.MembersFor(trainingRows) };
        }
        bool searchCapacity = settings.AutoHidden && settings.AutoEpochs && resume is null;
        if (settings.AutoHidden && resume is null)
        {
            settings = settings with { Hidden = AutoCapacity.HiddenFor(trainingRows) };
        }
        if (resume is not null || (!settings.AutoEpochs && settings.Ensemble <= 1))
        {
            return Run(data, settings, true) with
            {
                AutoEnsemble = autoEnsemble,
                AutoLabelSmoothing = autoSmoothing,
            };
        }
        CapacityCandidate[]? capacity = null;
        EpochSearch.Outcome? search = null;
        if (searchCapacity)
        {
            (search, capacity) = CapacitySearch.Choose(data, settings, Run);
        }
        else if (settings.AutoEpochs)
        {
            search = EpochSearch.Choose(data, settings, Run);
        }
        var chosen = search?.Settings ?? settings;
        var result =
            settings.Ensemble > 1 ? Ensemble.Train(data, chosen, Run) : Run(data, chosen, true);
        return search is null
            ? result with
            {
                AutoEnsemble = autoEnsemble,
                AutoLabelSmoothing = autoSmoothing,
            }
            : result with
            {
                Steps = search.Steps + result.Steps,
                TrainSeconds = search.TrainSeconds + result.TrainSeconds,
                EpochChoice = search.Choice,
                Capacity = capacity,
                AutoEnsemble = autoEnsemble,
                AutoLabelSmoothing = autoSmoothing,
            };
    }

    /// <summary>
    /// A finished model's loss on some rows of <paramref name="data"/> (in its units; a copy is
    /// standardized with the model's scaling), weighted as training weighs it: an ensemble's
    /// validation loss, which none of its members' epochs saw.
    /// </summary>
    public static double Loss(
        MlpModel model,
        Dataset data,
        int[] trainRows,
        int[] rows,
        TrainingSettings settings
    )
    {
        var copy = data.Copy();
        var classWeights = ClassWeights.Resolve(
            settings.ClassWeight,
            copy.Schema,
            copy.Target,
            trainRows
        );
        var lossWeights = ClassWeights.RowWeights(copy.Weights, classWeights, copy.Target);
        Rescale(copy, model.InputScaling);
        if (model.TargetScaling is { } targetScaling)
        {
            RescaleTarget(copy.Target, targetScaling);
        }
        var inputs = copy.TakeRowMajor();
        var workspace = new Workspace<float>(
            model.Network,
            Math.Clamp(rows.Length, 1, 256),
            forwardOnly: true
        );
        return Evaluate(
            model.Network,
            inputs,
            copy,
            rows,
            workspace,
            lossWeights,
            settings.LabelSmoothing ?? 0
        ).Loss;
    }

    private static TrainingResult TrainFixed(
        Dataset data,
        TrainingSettings settings,
        Action<EpochRecord>? onEpoch,
        CancellationToken cancel,
        Action<EpochRecord, MlpModel>? onEpochModel,
        bool trackMetric,
        MlpModel? resume,
        IStepObserver? observer
    )
    {
        var schema = data.Schema;
        var (trainRows, validationRows) = Split(data, settings);
        var classWeights = ClassWeights.Resolve(
            settings.ClassWeight,
            schema,
            data.Target,
            trainRows
        );
        var lossWeights = ClassWeights.RowWeights(data.Weights, classWeights, data.Target);
        double trainWeight = lossWeights is null ? trainRows.Length : Total(lossWeights, trainRows);
        // A resumed run keeps the scaling its network was trained with.
        var inputScaling = resume is null
            ? StandardizeInputs(data, trainRows, settings.Standardize, settings.LogInputs)
            : Rescale(data, resume.InputScaling);
        var targetScaling =
            schema.Task != TaskKind.Regression ? null
            : resume is null ? StandardizeTarget(data.Target, trainRows)
            : RescaleTarget(data.Target, resume.TargetScaling!);

        var inputs = data.TakeRowMajor(); // (rows, inputs)
        var network = Network<float>.Create(
            schema.InputCount,
            settings.Hidden,
            schema.OutputCount,
            settings.Activation
        );
        if (resume is null)
        {
            network.Initialize(Rng.For(settings.Seed, RngStream.Initialization), settings.Init);
        }
        else
        {
            resume.Network.Parameters.CopyTo(network.Parameters, 0);
        }
        int batchSize =
            settings.BatchSize <= 0
                ? trainRows.Length
                : Math.Min(settings.BatchSize, trainRows.Length);
        var step = new TrainingStep(
            network,
            settings,
            schema.Task,
            batchSize,
            lossWeights,
            data.Weights
        );
        var schedule = new LearningRateSchedule(settings);
        int firstEpoch = 1;
        if (resume?.State is { } saved)
        {
            step.Optimizer.Restore(saved.Steps, saved.First, saved.Second);
            schedule.Restore(saved.LearningRate, saved.PlateauBest, saved.PlateauBadEpochs);
            firstEpoch = saved.EpochsRun + 1;
        }
        var order = trainRows.ToArray();
        var history = new List<EpochRecord>();
        var end = new EpochEnd(settings);
        var model = new MlpModel
        {
            Schema = schema,
            Network = network,
            InputScaling = inputScaling,
            TargetScaling = targetScaling,
            Settings = settings,
        };
        observer?.Start(inputs, data.Target, lossWeights, data.Weights, trainRows, validationRows);
        var clock = Stopwatch.StartNew();

        for (int epoch = firstEpoch; epoch <= settings.Epochs; epoch++)
        {
            cancel.ThrowIfCancellationRequested();
            schedule.StartEpoch(epoch, settings.Epochs);
            step.LearningRate = schedule.Current;
            if (batchSize < order.Length)
            {
                // One full batch needs no shuffle: the gradient is the same sum.
                trainRows.CopyTo(order, 0);
                Rng.For(settings.Seed, RngStream.Shuffle, epoch).Shuffle(order);
            }
            double lossSum = 0;
            // The running training metric costs a pass over every batch's outputs: only when a
            // history or an animation will show it.
            var seen = trackMetric ? new ScoreAccumulator(schema.Task) : null;
            for (int start = 0; start < order.Length; start += batchSize)
            {
                var batch = order.AsSpan(start, Math.Min(batchSize, order.Length - start));
                observer?.Before(batch, network.Parameters, step.Count, step.LearningRate);
                double batchLoss = step.Run(inputs, data.Target, batch, seen);
                observer?.After(batchLoss, step.LastGradient, network.Parameters);
                lossSum += batchLoss;
            }
            double trainLoss = lossSum / trainWeight;
            DivergedEpoch(trainLoss, network.Parameters, epoch, settings);
            double? validationLoss = null;
            double metric = seen?.Score() ?? double.NaN;
            if (validationRows.Length > 0)
            {
                var validation = Evaluate(
                    network,
                    inputs,
                    data,
                    validationRows,
                    step.Workspace,
                    lossWeights,
                    settings.LabelSmoothing ?? 0
                );
                Diverged(validation.Loss, "validation loss", epoch, settings);
                validationLoss = validation.Loss;
                metric = validation.Score;
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
            if (onEpochModel is not null)
            {
                clock.Stop(); // pictures drawn between epochs are not training time
                onEpochModel(record, model);
                clock.Start();
            }
            if (
                end.Stop(
                    epoch,
                    trainLoss,
                    validationLoss,
                    metric,
                    network.Parameters,
                    () => State(epoch, step, schedule),
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
            State(history.Count > 0 ? history[^1].Epoch : firstEpoch - 1, step, schedule)
        );
        if (settings.LogitScale != 1)
        {
            network.ScaleOutputs(settings.LogitScale);
        }
        var (trainingMetrics, validationMetrics) = TrainingScore.Compute(
            model,
            inputs,
            data.Target,
            trainRows,
            validationRows,
            data.Weights
        );
        return new TrainingResult
        {
            Model = new MlpModel
            {
                Schema = schema,
                Network = network,
                InputScaling = inputScaling,
                TargetScaling = targetScaling,
                Settings = settings,
                State = state,
                History = TrainingHistory.Continue(resume, history, end.KeptEpoch),
            },
            History = history,
            Steps = step.Count - (resume?.State?.Steps ?? 0),
            TrainSeconds = seconds,
            KeptEpoch = end.KeptEpoch,
            TrainingMetrics = trainingMetrics,
            ValidationMetrics = validationMetrics,
        };
    }

    /// <summary>Stops a run whose epoch's training loss or weights have left the numbers.</summary>
    internal static void DivergedEpoch(
        double trainLoss,
        float[] parameters,
        int epoch,
        TrainingSettings settings
    )
    {
        Diverged(trainLoss, "loss", epoch, settings);
        // The last step's update can overflow the weights while every loss it saw was finite.
        Diverged(
            TensorPrimitives.MaxMagnitude<float>(parameters),
            "largest weight",
            epoch,
            settings
        );
    }

    /// <summary>Stops a run whose loss has left the numbers (a learning rate too high): nothing after it would mean anything.</summary>
    internal static void Diverged(double loss, string what, int epoch, TrainingSettings settings)
    {
        if (!double.IsFinite(loss))
        {
            throw DivergedError($" in epoch {epoch}: the {what} is {loss}", settings);
        }
    }

    /// <summary>The error for a run whose numbers have left float's range: a learning rate too high, mostly.</summary>
    internal static TrainingDivergedException DivergedError(
        string detail,
        TrainingSettings settings
    ) => new(detail, settings.LearningRate);

    /// <summary>Where the run is after <paramref name="epoch"/>: what --resume needs to go on.</summary>
    internal static TrainingState State(int epoch, TrainingStep step, LearningRateSchedule schedule)
    {
        var (steps, first, second) = step.Optimizer.Save();
        return new TrainingState(
            epoch,
            steps,
            first,
            second,
            schedule.Current,
            schedule.Best,
            schedule.BadEpochs
        );
    }

    /// <summary>Standardizes the inputs in place with a resumed model's scaling (or puts them in their units without one).</summary>
    internal static Standardization? Rescale(Dataset data, Standardization? scaling)
    {
        for (int c = 0; c < data.Columns.Length; c++)
        {
            if (scaling is null)
            {
                data.ToUnits(c);
            }
            else
            {
                scaling.ToStandard(data.Columns[c], data.Origins[c], c);
            }
        }
        return scaling;
    }

    private static Standardization RescaleTarget(float[] target, Standardization scaling)
    {
        scaling.ToStandard(target, 0, 0);
        return scaling;
    }

    /// <summary>How many of the rows are validation rows (about, for the progress bar).</summary>
    public static int ValidationRowCount(Dataset data, TrainingSettings settings) =>
        data.ValidationRows > 0
            ? data.ValidationRows
            : (int)Math.Round(data.Rows * (double)settings.Validation);

    /// <summary>
    /// The training and validation rows, each in row order: the rows of --validation-data, or a
    /// seeded random split that, for classification with stratification, holds out the fraction
    /// of each class (as scikit-learn's stratified split does).
    /// </summary>
    internal static (int[] Train, int[] Validation) Split(Dataset data, TrainingSettings settings)
    {
        int rowCount = data.Rows;
        if (data.ValidationRows > 0)
        {
            int first = rowCount - data.ValidationRows;
            return (
                [.. Enumerable.Range(0, first)],
                [.. Enumerable.Range(first, data.ValidationRows)]
            );
        }
        if (ValidationRowCount(data, settings) == 0)
        {
            return ([.. Enumerable.Range(0, rowCount)], []);
        }
        var rng = Rng.For(settings.Seed, RngStream.ValidationSplit);
        var strata =
            settings.Stratify && data.Schema.Task != TaskKind.Regression
                ? RowsByClass(data)
                : [Enumerable.Range(0, rowCount).ToArray()];
        var train = new List<int>();
        var validation = new List<int>();
        foreach (var rows in strata)
        {
            int held = (int)Math.Round(rows.Length * (double)settings.Validation);
            var (kept, heldOut) = RowSample.Split(rows, rows.Length - held, rng);
            train.AddRange(kept);
            validation.AddRange(heldOut);
        }
        if (train.Count == 0 || validation.Count == 0)
        {
            throw new InvalidSettingException(
                nameof(TrainingSettings.Validation),
                settings.Validation.ToString(CultureInfo.InvariantCulture),
                $"leaves {(train.Count == 0 ? "no rows to train on" : "no validation rows")} ({rowCount} rows)"
            );
        }
        train.Sort();
        validation.Sort();
        return ([.. train], [.. validation]);
    }

    private static int[][] RowsByClass(Dataset data)
    {
        var byClass = new List<int>[data.Schema.Classes.Length];
        for (int c = 0; c < byClass.Length; c++)
        {
            byClass[c] = [];
        }
        for (int r = 0; r < data.Rows; r++)
        {
            byClass[(int)data.Target[r]].Add(r);
        }
        return [.. byClass.Select(rows => rows.ToArray())];
    }

    /// <summary>
    /// Standardizes every input column in place with the training rows' mean and std (in
    /// double, from the columns' float deviations and double origins), after the log transform
    /// for the heavy-tailed ones when <paramref name="logInputs"/> is set; or without
    /// standardization puts each column back in its units.
    /// </summary>
    private static Standardization? StandardizeInputs(
        Dataset data,
        int[] trainRows,
        bool standardize,
        bool logInputs
    )
    {
        var columns = data.Columns;
        if (!standardize)
        {
            for (int c = 0; c < columns.Length; c++)
            {
                data.ToUnits(c);
            }
            return null;
        }
        var logScale = new double[columns.Length];
        var scaling = new Standardization(
            new double[columns.Length],
            new double[columns.Length],
            logInputs ? logScale : null
        );
        for (int c = 0; c < columns.Length; c++)
        {
            if (logInputs)
            {
                logScale[c] = LogTransform.Scale(columns[c], data.Origins[c], trainRows);
            }
            (scaling.Mean[c], scaling.Std[c]) =
                logScale[c] > 0
                    ? Standardization.FitLogged(columns[c], data.Origins[c], logScale[c], trainRows)
                    : Standardization.Fit(columns[c], data.Origins[c], trainRows, out _);
            scaling.ToStandard(columns[c], data.Origins[c], c);
        }
        return logScale.Any(scale => scale > 0) ? scaling : scaling with { LogScale = null };
    }

    private static Standardization StandardizeTarget(float[] target, int[] trainRows)
    {
        var (mean, std) = Standardization.Fit(target, 0, trainRows, out _);
        var scaling = new Standardization([mean], [std]);
        scaling.ToStandard(target, 0, 0);
        return scaling;
    }

    /// <summary>
    /// Mean loss (weighted as training weighs it) and score (weighted by the sample weights) of
    /// the network on some rows of the (standardized) data.
    /// </summary>
    private static (double Loss, double Score) Evaluate(
        Network<float> network,
        float[] inputs,
        Dataset data,
        int[] rows,
        Workspace<float> workspace,
        float[]? lossWeights,
        float smoothing
    )
    {
        var seen = new ScoreAccumulator(data.Schema.Task);
        double lossSum = AddLoss(
            network,
            data.Schema.Task,
            smoothing,
            inputs,
            data.Target,
            data.Weights,
            rows,
            workspace,
            lossWeights,
            seen
        );
        double total = lossWeights is null ? rows.Length : Total(lossWeights, rows);
        return (lossSum / total, seen.Score());
    }

    /// <summary>
    /// The summed loss (weighted as training weighs it) of the network on some rows of the
    /// (standardized) inputs; their outputs are added to <paramref name="seen"/>'s score
    /// (weighted by <paramref name="metricWeights"/>, the sample weights).
    /// </summary>
    internal static double AddLoss(
        Network<float> network,
        TaskKind task,
        float smoothing,
        float[] inputs,
        float[] target,
        float[]? metricWeights,
        int[] rows,
        Workspace<float> workspace,
        float[]? lossWeights,
        ScoreAccumulator seen
    )
    {
        int width = network.OutputCount;
        var lossGradient = new float[workspace.Capacity * width];
        var chunkLossWeights = new float[workspace.Capacity];
        var chunkMetricWeights = new float[metricWeights is null ? 0 : workspace.Capacity];
        double lossSum = 0;
        new RowPass(network, workspace).Run(
            inputs,
            target,
            rows,
            (logits, targets, start) =>
            {
                var chunk = rows.AsSpan(start, targets.Length);
                if (lossWeights is null)
                {
                    lossSum += LossFunction.Compute(
                        task,
                        logits,
                        targets,
                        lossGradient,
                        width,
                        1f,
                        smoothing
                    );
                }
                else
                {
                    var weights = chunkLossWeights.AsSpan(0, chunk.Length);
                    BatchGather.Values(lossWeights, chunk, weights);
                    lossSum += LossFunction.ComputeWeighted(
                        task,
                        logits,
                        targets,
                        weights,
                        lossGradient,
                        width,
                        1f,
                        smoothing
                    );
                }
                if (metricWeights is not null)
                {
                    BatchGather.Values(metricWeights, chunk, chunkMetricWeights);
                }
                seen.Add(
                    logits,
                    targets,
                    width,
                    chunkMetricWeights.AsSpan(0, metricWeights is null ? 0 : chunk.Length)
                );
            }
        );
        return lossSum;
    }

    /// <summary>Σ of the weights of the given rows, in order.</summary>
    private static double Total(float[] weights, int[] rows)
    {
        double total = 0;
        foreach (int row in rows)
        {
            total += weights[row];
        }
        return total;
    }
}
