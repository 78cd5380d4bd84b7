using System.Globalization;
using Mlp.Cli.Sharding;
using Mlp.Data;
using Mlp.Kernels;
using Mlp.Metrics;
using Mlp.Model;
using Mlp.Training;

namespace Mlp.Cli.Commands;

/// <summary>
/// `mlp train DATA --cv K`: the metrics of K held-out folds, their mean and std; a model only
/// with -o. A fold that fails is reported on its own line and the others are kept; the exit
/// code is then 1, and no model is written.
/// </summary>
internal static class CrossValidationRun
{
    public static int Run(TrainRequest request, int folds, bool saveModel, CliContext context)
    {
        var settings = request.Settings;
        TrainRun.Validate(settings, request.Threads, validationData: false);
        OptionParsing.Check(folds >= 2, $"--cv {folds} must be at least 2 folds");
        using var outputs = new OutputPlan(context);
        outputs.Input("training data", request.DataPath);
        var modelOutput = saveModel ? outputs.Output("-o", request.ModelPath) : null;
        if (request.Json)
        {
            outputs.ClaimStdout("--json");
        }
        int threads = request.Threads ?? WorkerPool.DefaultThreads();
        WorkerPool.Threads = threads;
        long budget = request.Memory ?? Data.Streaming.MemoryBudget.Default();
        using var source =
            Data.Streaming.MemoryBudget.InMemoryPeak(request.DataPath) > budget
                ? FoldSource.Streamed(request, folds, budget, context)
                : FoldSource.InMemory(request, folds, context);
        var (scores, failed) = Folds(request, source, threads, context);
        if (request.Shards is { Merging: false } shard)
        {
            return shard.Write(context);
        }
        // A fold that failed keeps its column, empty; the mean and std are over the folds that finished.
        var metrics = CrossValidation.Summarize(scores);
        var failures = Enumerable.Range(0, folds).Where(i => failed[i] is not null).ToList();
        if (modelOutput is not null && failures.Count == 0)
        {
            var model = source.TrainAll();
            outputs.Write(modelOutput, stream => ModelFile.Write(model, stream));
        }
        outputs.Commit();
        if (request.Json)
        {
            WriteJson(metrics, source.Tests, failed, context.Out);
        }
        else
        {
            WriteText(metrics, source, folds, settings.Seed, context.Out);
        }
        if (modelOutput is not null && failures.Count == 0)
        {
            context.Note($"wrote {request.ModelPath} (trained on all {source.Rows} rows)");
        }
        foreach (int i in failures)
        {
            context.Error.WriteLine(
                $"mlp: error: fold {i + 1}: {DomainErrors.Describe(failed[i])}"
            );
        }
        return failures.Count == 0 ? 0 : (int)ExitCode.BadInput;
    }

    /// <summary>
    /// Each fold's scores on its test rows, or why its training failed: trained here (all folds,
    /// or a shard's share, which it records), or in a merge as the shards recorded them.
    /// </summary>
    private static (MetricSet?[] Scores, Exception?[] Failed) Folds(
        TrainRequest request,
        FoldSource source,
        int threads,
        CliContext context
    )
    {
        int folds = source.Tests.Length;
        var scores = new MetricSet?[folds];
        var failed = new Exception?[folds];
        var shards = request.Shards;
        if (shards is { Merging: true })
        {
            for (int i = 0; i < folds; i++)
            {
                var result = shards.Result(i);
                failed[i] = OutcomeJson.ReadFailure(result);
                scores[i] = failed[i] is null ? OutcomeJson.ReadMetrics(result, "metrics") : null;
            }
            return (scores, failed);
        }
        var (first, end) = shards?.Share(folds) ?? (0, folds);
        var outcomes = TrainingProgress.RunMany(
            context,
            lines: !request.Quiet && !context.Quiet,
            end - first,
            _ => request.Settings.Epochs,
            (i, onEpoch) => source.Train(first + i, onEpoch),
            threads,
            source.Concurrent(threads),
            (i, done, result) =>
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"mlp: fold {first + i + 1} trained ({done}/{end - first}) in {result.TrainSeconds:0.##} s"
                )
        );
        for (int i = first; i < end; i++)
        {
            var outcome = outcomes[i - first];
            failed[i] = outcome.Failure;
            scores[i] = outcome.Result is { } trained ? source.Score(trained.Model, i) : null;
            shards?.Record(
                i,
                json =>
                    OutcomeJson.WriteOutcome(
                        json,
                        failed[i],
                        success => OutcomeJson.WriteMetrics(success, "metrics", scores[i])
                    )
            );
        }
        return (scores, failed);
    }

    private static void WriteText(
        FoldMetric[] metrics,
        FoldSource source,
        int folds,
        long seed,
        TextWriter output
    )
    {
        output.WriteLine(
            $"{folds}-fold cross-validation{source.Kind} on {source.File}: {source.Rows} rows, {source.Task.Name()}, seed {seed}"
        );
        var header = new List<string> { "metric", "mean", "std" };
        header.AddRange(Enumerable.Range(1, folds).Select(f => $"fold {f}"));
        var rows = metrics
            .Select(m =>
                (IReadOnlyList<string>)
                    [
                        m.Name,
                        MetricsText.Format(m.Mean),
                        MetricsText.Format(m.Std),
                        .. m.Values.Select(MetricsText.Format),
                    ]
            )
            .ToList();
        Explain.ImportanceOutput.WriteGrid(header, rows, markdown: false, output);
        output.WriteLine("std: the population standard deviation over the folds (numpy's default)");
    }

    private static void WriteJson(
        FoldMetric[] metrics,
        int[][] tests,
        Exception?[] failed,
        TextWriter output
    ) =>
        JsonOutput.Write(
            output,
            json =>
            {
                json.WriteStartObject();
                json.WriteNumber("folds", tests.Length);
                json.WriteStartObject("metrics");
                foreach (var metric in metrics)
                {
                    json.WriteStartObject(metric.Name);
                    JsonOutput.NumberOrNull(json, "mean", metric.Mean);
                    JsonOutput.NumberOrNull(json, "std", metric.Std);
                    json.WriteStartArray("values");
                    foreach (double? value in metric.Values)
                    {
                        if (value is double v && double.IsFinite(v))
                        {
                            json.WriteNumberValue(v);
                        }
                        else
                        {
                            json.WriteNullValue();
                        }
                    }
                    json.WriteEndArray();
                    json.WriteEndObject();
                }
                json.WriteEndObject();
                json.WriteStartArray("test_rows");
                foreach (var fold in tests)
                {
                    json.WriteStartArray();
                    foreach (int row in fold)
                    {
                        json.WriteNumberValue(row);
                    }
                    json.WriteEndArray();
                }
                json.WriteEndArray();
                json.WriteStartArray("failures");
                for (int i = 0; i < failed.Length; i++)
                {
                    if (failed[i] is not null)
                    {
                        json.WriteStartObject();
                        json.WriteNumber("fold", i + 1);
                        json.WriteString("error", DomainErrors.Describe(failed[i]));
                        json.WriteEndObject();
                    }
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
        );
}
