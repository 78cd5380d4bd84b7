using System.Diagnostics;
using System.Numerics.Tensors;
using Mlp.Cli.Plot;
using Mlp.Cli.Warmup;
using Mlp.Data;
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
        var result =
            request.Quiet || !context.ErrorIsTerminal || context.Progress.Mode != ProgressMode.Auto
                ? Train(null)
                : TrainingProgress.Run(
                    context.Error,
                    request.Settings.Epochs,
                    data.Rows - Trainer.ValidationRowCount(data, request.Settings),
                    Train
                );
        outputs.Write(modelOutput, stream => ModelFile.Write(result.Model, stream));
        if (historyOutput is not null)
        {
            outputs.Write(historyOutput, stream => HistoryCsv.Write(result.History, stream));
        }
        if (lossOutput is not null)
        {
            LossChart
                .Draw(result.History, LossFunction.DisplayName(data.Schema.Task), result.KeptEpoch)
                .Write(outputs, lossOutput);
        }
        if (animation is not null)
        {
            animation.Finish(result.History[^1], result.Model);
            var gif = animation.ToArray();
            outputs.Write(animateOutput!, stream => stream.Write(gif));
        }
        outputs.Commit();
        if (outputs.WritesStdout && !request.Json)
        {
            return result; // the summary would be mixed into an output on stdout
        }
        var summary = new TrainSummary(result, data, loadSeconds, request.ModelPath);
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
