using System.Diagnostics;
using System.Numerics.Tensors;
using Mlp.Cli.Plot;
using Mlp.Cli.Warmup;
using Mlp.Data;
using Mlp.Data.Streaming;
using Mlp.Kernels;
using Mlp.Model;
using Mlp.Training;

namespace Mlp.Cli.Commands;

internal sealed record TrainRequest(
    string DataPath,
    string ModelPath,
    DataOptions Data,
    TrainingSettings Settings,
    int? Threads
)
{
    /// <summary>--resume: the saved run to continue, and its file.</summary>
    public MlpModel? Resume { get; init; }
    public string? ResumePath { get; init; }

    public string? HistoryPath { get; init; }
    public string? ValidationDataPath { get; init; }
    public string? PlotLossPath { get; init; }
    public string? AnimatePath { get; init; }
    public int? FrameEvery { get; init; }
    public IReadOnlyList<string>? AnimateFeatures { get; init; }
    public bool Json { get; init; }
    public bool Quiet { get; init; }

    /// <summary>--cv: set when this run is a shard of the folds, or their merge.</summary>
    public Sharding.ShardRun? Shards { get; init; }

    /// <summary>--memory in bytes; null: a share of the memory the process may use.</summary>
    public long? Memory { get; init; }

    /// <summary>--cache: the folder of a streamed data set's cache; null: beside the data.</summary>
    public string? CacheDirectory { get; init; }
}

/// <summary>Loads, trains, writes the model (and history), prints the summary.</summary>
internal static class TrainRun
{
    public static TrainingResult Run(TrainRequest request, CliContext context)
    {
        Validate(request.Settings, request.Threads, request.ValidationDataPath is not null);
        OptionParsing.Check(request.FrameEvery is null or >= 1, "--frame-every must be at least 1");
        using var outputs = new OutputPlan(context);
        outputs.Input("training data", request.DataPath);
        outputs.Input("--validation-data", request.ValidationDataPath);
        outputs.Input("--resume", request.ResumePath);
        var modelOutput = outputs.Output("-o", request.ModelPath);
        var historyOutput = request.HistoryPath is string historyPath
            ? outputs.Output("--history", historyPath)
            : null;
        var lossOutput = request.PlotLossPath is string lossPath
            ? ImageFile.Plan(outputs, "--plot-loss", lossPath)
            : null;
        var animateOutput = request.AnimatePath is string animatePath
            ? ImageFile.PlanAnimation(outputs, "--animate", animatePath)
            : null;
        if (request.Json)
        {
            outputs.ClaimStdout("--json");
        }
        WorkerPool.Threads = request.Threads ?? WorkerPool.DefaultThreads();
        long budget = request.Memory ?? MemoryBudget.Default();
        long inMemory = MemoryBudget.InMemoryPeak(request.DataPath);
        var (run, trained, loadSeconds) =
            inMemory > budget
                ? TrainStreamed(request, context, budget, inMemory)
                : TrainInMemory(request, context);
        var result = run.Training;
        outputs.Write(modelOutput, stream => ModelFile.Write(result.Model, stream));
        if (historyOutput is not null)
        {
            outputs.Write(historyOutput, stream => HistoryCsv.Write(result.History, stream));
        }
        if (lossOutput is not null)
        {
            LossChart
                .Draw(
                    result.History,
                    LossFunction.DisplayName(trained.Schema.Task),
                    result.KeptEpoch
                )
                .Write(outputs, lossOutput);
        }
        if (run.Animation is { } gif)
        {
            outputs.Write(animateOutput!, stream => stream.Write(gif));
        }
        outputs.Commit();
        if (outputs.WritesStdout && !request.Json)
        {
            return result; // the summary would be mixed into an output on stdout
        }
        var summary = new TrainSummary(result, trained, loadSeconds, request.ModelPath);
        if (request.Json)
        {
            summary.WriteJson(context.Out);
        }
        else
        {
            summary.WriteText(context.Out);
        }
        return result;
    }

    /// <summary>A run's model and history, and the animation's GIF when one was drawn.</summary>
    private sealed record Trained(TrainingResult Training, byte[]? Animation);

    /// <summary>
    /// Data over the memory budget: read once into its binary cache (or the cache of an
    /// earlier run reused), then trained a window of blocks at a time. What needs every row in
    /// memory is refused, naming the sizes.
    /// </summary>
    private static (Trained, TrainedData, double) TrainStreamed(
        TrainRequest request,
        CliContext context,
        long budget,
        long inMemory
    )
    {
        string sizes =
            $"the data (about {MemoryBudget.Text(inMemory)} in memory) is over --memory ({MemoryBudget.Text(budget)}), so it is streamed";
        foreach (
            var (given, option) in new (bool, string)[]
            {
                (request.Resume is not null, "--resume"),
                (request.AnimatePath is not null, "--animate"),
                (request.ValidationDataPath is not null, "--validation-data"),
            }
        )
        {
            OptionParsing.Check(!given, $"{option} needs the data in memory: {sizes}");
        }
        var settings = request.Settings;
        var loadClock = Stopwatch.StartNew();
        var (data, origin) = OpenStreamed(request, budget, context);
        using (data)
        {
            double loadSeconds = loadClock.Elapsed.TotalSeconds;
            long windowBytes = WindowBytes(budget);
            KernelWarmup.Start(settings, request.Data.Task).Wait(context.Cancel);
            TrainingResult Train(Action<EpochRecord>? onEpoch) =>
                StreamedTrainer.Train(
                    data,
                    settings,
                    windowBytes,
                    onEpoch,
                    context.Cancel,
                    trackMetric: request.HistoryPath is not null
                );
            var result = WithProgress(request, context, data.Rows, Train);
            int blockRows = BlockSplit.RowsPerBlock(data.Rows);
            var note = new StreamedNote(
                data.CachePath,
                origin,
                budget,
                inMemory,
                blockRows,
                StreamedTrainer.WindowBlocks(windowBytes, data.Layout, blockRows) * blockRows
            );
            return (
                new Trained(result, null),
                new TrainedData(data.Schema, data.Rows, data.File, note),
                loadSeconds
            );
        }
    }

    /// <summary>A training under a progress bar of its epochs when stderr is a terminal that shows one.</summary>
    private static TrainingResult WithProgress(
        TrainRequest request,
        CliContext context,
        int trainingRows,
        Func<Action<EpochRecord>?, TrainingResult> train
    ) =>
        request.Quiet || !context.ErrorIsTerminal || context.Progress.Mode != ProgressMode.Auto
            ? train(null)
            : TrainingProgress.Run(context.Error, request.Settings.Epochs, trainingRows, train);

    /// <summary>The request's data from its cache (made now, or reused).</summary>
    public static (StreamedData Data, StreamCache.Origin Origin) OpenStreamed(
        TrainRequest request,
        long budget,
        CliContext context
    ) =>
        StreamCache.Open(
            request.DataPath,
            request.Data with
            {
                Dialect = context.Dialect,
            },
            request.Settings.Standardize,
            request.Settings.LogInputs,
            request.CacheDirectory,
            budget,
            context.Error,
            context.Cancel
        );

    /// <summary>The memory a streamed run's two windows of rows share: a quarter of the budget, from 8 MiB to 512 MiB.</summary>
    public static long WindowBytes(long budget) => Math.Clamp(budget / 4, 8L << 20, 512L << 20);

    private static (Trained, TrainedData, double) TrainInMemory(
        TrainRequest request,
        CliContext context
    )
    {
        // The JIT warm-up overlaps loading, but not a parse that keeps every core busy.
        Task? warmup = null;
        void StartWarmup() => warmup ??= KernelWarmup.Start(request.Settings, request.Data.Task);
        var loadClock = Stopwatch.StartNew();
        var data = DatasetLoader.Load(
            request.DataPath,
            request.Data with
            {
                Dialect = context.Dialect,
            },
            context.StandardInput,
            StartWarmup,
            context.Error,
            context.Cancel
        );
        if (request.ValidationDataPath is string validationPath)
        {
            data = ValidationData.Append(
                data,
                validationPath,
                request.Data.SampleWeight,
                context.Reading
            );
        }
        if (request.Resume is { } resumed)
        {
            data = Conformed(data, resumed);
        }
        double loadSeconds = loadClock.Elapsed.TotalSeconds;
        StartWarmup();
        // The JIT compiles the kernels on the warm-up's thread, not on the first epoch's.
        warmup!.Wait(context.Cancel);
        var animation = request.AnimatePath is null ? null : Animation(request, data);
        TrainingResult Train(Action<EpochRecord>? onEpoch) =>
            Trainer.Train(
                data,
                request.Settings,
                onEpoch,
                context.Cancel,
                animation is null ? null : animation.OnEpoch,
                trackMetric: request.HistoryPath is not null || animation is not null,
                request.Resume
            );
        var result = WithProgress(
            request,
            context,
            data.Rows - Trainer.ValidationRowCount(data, request.Settings),
            Train
        );
        byte[]? gif = null;
        if (animation is not null)
        {
            animation.Finish(result.History[^1], result.Model);
            gif = animation.ToArray();
        }
        return (new Trained(result, gif), TrainedData.Of(data), loadSeconds);
    }

    /// <summary>
    /// The data as the resumed model reads it: the same columns and classes, categories among
    /// the model's, gaps only where the model has a missing indicator (else an error naming the
    /// first difference), under the model's schema (its fill values).
    /// </summary>
    private static Dataset Conformed(Dataset data, MlpModel model)
    {
        var (have, want) = (data.Schema, model.Schema);
        string? difference =
            have.Task != want.Task
                ? $"the task is {have.Task.Name()}, the model's {want.Task.Name()}"
            : !have.Classes.SequenceEqual(want.Classes)
                ? $"the classes are {TextList.Of(have.Classes)}, the model's {TextList.Of(want.Classes)}"
            : have.Sources.Zip(want.Sources)
                .Where(pair =>
                    pair.First.IsCategorical != pair.Second.IsCategorical
                    || !(
                        pair.Second.Categories?.Contains(SourceFeature.Other) == true
                        || (pair.First.Categories ?? []).All(pair.Second.Categories!.Contains)
                    )
                )
                .Select(pair =>
                    $"column \"{pair.Second.Name}\" has the categories {TextList.Of(pair.First.Categories ?? [])}, the model's {TextList.Of(pair.Second.Categories ?? [])}"
                )
                .FirstOrDefault()
                ?? have.Sources.Zip(want.Sources)
                    .Where(pair => pair.First.MissingIndicator && !pair.Second.MissingIndicator)
                    .Select(pair =>
                        $"column \"{pair.Second.Name}\" has gaps, but the model has no missing-indicator input for it"
                    )
                    .FirstOrDefault();
        if (difference is not null)
        {
            throw new MlpException(
                $"the data does not fit the resumed model: {difference}",
                new ErrorPlace(data.File),
                "--resume continues on data with the model's columns, categories and classes"
            );
        }
        var (columns, origins) = InModelLayout(data, want);
        return new Dataset
        {
            Schema = want,
            Columns = columns,
            Origins = origins,
            Target = data.Target,
            File = data.File,
            ValidationRows = data.ValidationRows,
            Weights = data.Weights,
        };
    }

    /// <summary>
    /// The data's columns in the model's layout: a category the data lacks and a missing
    /// indicator where the data had no gaps are columns of zeros; a category the model does not
    /// have is in its (other).
    /// </summary>
    private static (float[][] Columns, double[] Origins) InModelLayout(Dataset data, Schema model)
    {
        var columns = new List<float[]>();
        var origins = new List<double>();
        int input = 0;
        for (int s = 0; s < model.Sources.Length; s++)
        {
            var (have, want) = (data.Schema.Sources[s], model.Sources[s]);
            if (want.Categories is { } categories)
            {
                foreach (string category in categories)
                {
                    var column = new float[data.Rows];
                    for (int k = 0; k < have.Width; k++)
                    {
                        string name = have.Categories![k];
                        bool other = !categories.Contains(name) || name == SourceFeature.Other;
                        if (name == category || (category == SourceFeature.Other && other))
                        {
                            TensorPrimitives.Add(column, data.Columns[input + k], column);
                        }
                    }
                    columns.Add(column);
                    origins.Add(0);
                }
            }
            else
            {
                columns.Add(data.Columns[input]);
                origins.Add(data.Origins[input]);
                if (want.MissingIndicator)
                {
                    columns.Add(
                        have.MissingIndicator ? data.Columns[input + 1] : new float[data.Rows]
                    );
                    origins.Add(0);
                }
            }
            input += have.Width;
        }
        return (columns.ToArray(), origins.ToArray());
    }

    private const int AnimationRows = 1000;

    /// <summary>The animation's data: up to 1,000 rows (seeded sample) in their own units, taken before training standardizes the columns.</summary>
    private static TrainingAnimation Animation(TrainRequest request, Dataset data)
    {
        var rows = RowSample.Take(
            data.Rows,
            AnimationRows,
            Rng.For(request.Settings.Seed, RngStream.RowSample)
        );
        var (inputs, targets) = data.InUnits(rows);
        var plotData = new PlotData(inputs, targets);
        var (x, y) = FeaturePair.Choose(
            data.Schema,
            request.AnimateFeatures,
            "--animate-features",
            plotData
        );
        int epochs = request.Settings.Epochs;
        int every = request.FrameEvery ?? Math.Max(1, (epochs + 199) / 200);
        return new TrainingAnimation(
            plotData,
            x,
            y,
            every,
            epochs,
            data.Schema.Task == TaskKind.Regression ? "r2" : "accuracy"
        );
    }

    /// <summary>
    /// The settings' own range checks (<see cref="TrainingSettings.Validate"/>; the command
    /// line's <see cref="DomainErrors"/> words a refusal with its option) and the thread
    /// count's: before any data is read.
    /// </summary>
    public static void Validate(TrainingSettings settings, int? threads, bool validationData)
    {
        settings.Validate(validationData);
        OptionParsing.Check(threads is null or >= 1, $"--threads {threads} must be at least 1");
    }
}
