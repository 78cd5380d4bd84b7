using System.Globalization;
using Mlp.Cli.Plot;
using Mlp.Cli.Sharding;
using Mlp.Data;
using Mlp.Kernels;
using Mlp.Model;
using Mlp.Training;

namespace Mlp.Cli.Commands;

/// <summary>What `mlp sweep` was asked: the combinations and their settings, checked, and where the results go.</summary>
internal sealed record SweepRequest(
    string DataPath,
    IReadOnlyList<SweepCombination> Combinations,
    SweepAxes Varied,
    IReadOnlyList<TrainingSettings> Settings,
    DataOptions Data,
    int? Threads
)
{
    public string? ValidationDataPath { get; init; }

    /// <summary>--out: the folder every model is kept in.</summary>
    public string? ModelFolder { get; init; }
    public string? PlotPath { get; init; }
    public IReadOnlyList<string>? PlotFeatures { get; init; }
    public bool Json { get; init; }
    public bool Quiet { get; init; }

    /// <summary>Set when this run is a shard of the combinations, or their merge.</summary>
    public ShardRun? Shards { get; init; }
}

/// <summary>Trains every combination, keeps what finished, draws and prints the comparison.</summary>
internal static class SweepRun
{
    private const int PlotRows = 1000;

    public static int Run(SweepRequest request, CliContext context)
    {
        var combinations = request.Combinations;
        var varied = request.Varied;
        var settings = request.Settings;
        int? threads = request.Threads;
        string dataPath = request.DataPath;
        string? folder = request.ModelFolder;
        bool createdFolder = folder is not null && CreateFolder(folder);
        try
        {
            // Disposed before the finally below, so a run that stops removes its temporary files first.
            using var outputs = new OutputPlan(context);
            outputs.Input("training data", dataPath);
            outputs.Input("--validation-data", request.ValidationDataPath);
            var models = folder is null
                ? null
                : combinations
                    .Select(c => outputs.Output("--out", Path.Combine(folder, c.FileName(varied))))
                    .ToArray();
            var picture = request.PlotPath is string plotPath
                ? ImageFile.Plan(outputs, "--plot", plotPath)
                : null;
            if (request.Json)
            {
                outputs.ClaimStdout("--json");
            }
            var dataOptions = request.Data;
            var dataset = DatasetLoader.Load(
                dataPath,
                dataOptions with
                {
                    Dialect = context.Dialect,
                },
                context.StandardInput,
                warnings: context.Error,
                cancel: context.Cancel
            );
            if (request.ValidationDataPath is not null)
            {
                dataset = ValidationData.Append(
                    dataset,
                    request.ValidationDataPath,
                    dataOptions.SampleWeight,
                    context.Reading
                );
            }
            var pictureData = picture is null ? null : PictureData(dataset, settings[0].Seed);
            var names = request.PlotFeatures;
            var outcomes = Outcomes(request, dataset, context);
            if (request.Shards is { Merging: false } shard)
            {
                return shard.Write(context);
            }
            // What finished is kept and shown; each combination that failed is a line of its own.
            int[] finished =
            [
                .. Enumerable.Range(0, outcomes.Length).Where(i => outcomes[i].Result is not null),
            ];
            var results = finished.Select(i => outcomes[i].Result!).ToArray();
            var finishedCombinations = finished.Select(i => combinations[i]).ToList();
            for (int k = 0; models is not null && k < finished.Length; k++)
            {
                var model = results[k].Model;
                outputs.Write(models[finished[k]], stream => ModelFile.Write(model, stream));
            }
            ImageFile.CommitWith(
                outputs,
                results.Length == 0 ? null : picture,
                () =>
                    SweepPicture.Draw(
                        finishedCombinations,
                        varied,
                        results,
                        pictureData!,
                        PlotAxes(dataset, names, pictureData!, results, settings[0].Seed),
                        LossFunction.DisplayName(dataset.Schema.Task)
                    ),
                context
            );
            createdFolder = false;
            var failures = Enumerable
                .Range(0, outcomes.Length)
                .Where(i => outcomes[i].Failure is not null)
                .Select(i => (combinations[i], DomainErrors.Describe(outcomes[i].Failure)))
                .ToList();
            SweepOutput.Write(
                finishedCombinations,
                varied,
                results,
                failures,
                dataset,
                models is null ? null : [.. finished.Select(i => models[i].Path)],
                settings[0].Seed,
                request.Json,
                context.Out
            );
            foreach (var (combination, failure) in failures)
            {
                string what = SweepPicture.Setting(combination, varied);
                context.Error.WriteLine($"mlp: error: {what}: {failure}");
            }
            return failures.Count == 0 ? 0 : (int)ExitCode.BadInput;
        }
        finally
        {
            if (createdFolder)
            {
                RemoveEmptyFolder(folder!);
            }
        }
    }

    /// <summary>
    /// Each combination's training: all of them here, or a shard's share (which it records), or
    /// in a merge as the shards recorded them.
    /// </summary>
    private static TrainingOutcome[] Outcomes(
        SweepRequest request,
        Dataset dataset,
        CliContext context
    )
    {
        var combinations = request.Combinations;
        var shards = request.Shards;
        int count = combinations.Count;
        if (shards is { Merging: true })
        {
            return
            [
                .. Enumerable
                    .Range(0, count)
                    .Select(i =>
                    {
                        var result = shards.Result(i);
                        return OutcomeJson.ReadFailure(result) is { } failure
                            ? new TrainingOutcome(null, failure)
                            : new TrainingOutcome(
                                OutcomeJson.ReadTraining(result, request.DataPath),
                                null
                            );
                    }),
            ];
        }
        var (first, end) = shards?.Share(count) ?? (0, count);
        var outcomes = TrainingProgress.RunMany(
            context,
            lines: !request.Quiet && !context.Quiet,
            end - first,
            _ => dataset.Copy(),
            i => request.Settings[first + i],
            request.Threads ?? WorkerPool.DefaultThreads(),
            (i, done, result) =>
            {
                string what = SweepPicture.Setting(combinations[first + i], request.Varied);
                return string.Create(
                    CultureInfo.InvariantCulture,
                    $"mlp: trained {done}/{end - first}{(what.Length > 0 ? $" ({what})" : "")} in {result.TrainSeconds:0.##} s"
                );
            }
        );
        for (int i = first; shards is not null && i < end; i++)
        {
            var outcome = outcomes[i - first];
            shards.Record(
                i,
                json =>
                    OutcomeJson.WriteOutcome(
                        json,
                        outcome.Failure,
                        success => OutcomeJson.WriteTraining(success, outcome.Result!)
                    )
            );
        }
        return outcomes;
    }

    /// <summary>Creates the --out folder when it is missing; true when it did.</summary>
    private static bool CreateFolder(string folder)
    {
        if (Directory.Exists(folder))
        {
            return false;
        }
        if (File.Exists(folder))
        {
            throw new UsageException($"--out '{folder}' is a file, not a folder");
        }
        try
        {
            Directory.CreateDirectory(folder);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--out '{folder}' cannot be created: {e.Message}");
        }
    }

    private static void RemoveEmptyFolder(string folder)
    {
        try
        {
            if (!Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }
        }
        catch (IOException) { }
    }

    /// <summary>Up to 1,000 rows (a seeded sample, as the training animation takes) in their units, for the panels.</summary>
    private static PlotData PictureData(Dataset data, long seed)
    {
        var rows = RowSample.Take(data.Rows, PlotRows, Rng.For(seed, RngStream.RowSample));
        var (inputs, targets) = data.InUnits(rows);
        return new PlotData(inputs, targets);
    }

    /// <summary>
    /// The two inputs on the panels' axes: those named, else the two numeric features most
    /// important to the best combination's model on the drawn rows; null when the model has
    /// fewer than two numeric features and none were named.
    /// </summary>
    private static (int X, int Y)? PlotAxes(
        Dataset dataset,
        IReadOnlyList<string>? names,
        PlotData data,
        TrainingResult[] results,
        long seed
    )
    {
        var schema = dataset.Schema;
        if (names is null && schema.Sources.Count(s => !s.IsCategorical) < 2)
        {
            return null;
        }
        var ranking = names is null
            ? FeaturePair.Ranking(
                results[SweepOutput.Best(results, SweepOutput.MetricName(schema.Task)).Index].Model,
                data,
                seed
            )
            : null;
        return FeaturePair.Choose(schema, names, "--plot-features", data, ranking);
    }
}
