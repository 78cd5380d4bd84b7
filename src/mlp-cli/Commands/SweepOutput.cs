using System.Globalization;
using System.Text.Json;
using Mlp.Data;
using Mlp.Explain;
using Mlp.Model;
using Mlp.Training;

namespace Mlp.Cli.Commands;

/// <summary>What `mlp sweep` prints: one row (or JSON record) per combination.</summary>
internal static class SweepOutput
{
    /// <summary>The metric each combination is compared by: accuracy, or R² for regression.</summary>
    public static string MetricName(TaskKind task) =>
        task == TaskKind.Regression ? "r2" : "accuracy";

    /// <param name="combinations">The combinations that finished, beside their <paramref name="results"/>.</param>
    /// <param name="failures">Each combination that failed, and why (JSON lists them; the caller writes them to stderr).</param>
    public static void Write(
        IReadOnlyList<SweepCombination> combinations,
        SweepAxes varied,
        TrainingResult[] results,
        IReadOnlyList<(SweepCombination Combination, string Error)> failures,
        Dataset data,
        string[]? modelPaths,
        long seed,
        bool json,
        TextWriter output
    )
    {
        string metric = MetricName(data.Schema.Task);
        if (json)
        {
            WriteJson(combinations, results, failures, data, modelPaths, seed, metric, output);
            return;
        }
        int all = results.Length + failures.Count;
        output.WriteLine(
            $"sweep of {all} combination{(all == 1 ? "" : "s")} on {data.File} ({data.Rows} rows, {data.Schema.Task.Name()}), seed {seed}"
                + (failures.Count == 0 ? "" : $"; {failures.Count} failed (stderr says why)")
        );
        if (results.Length == 0)
        {
            return;
        }
        bool validation = results.Any(r => r.ValidationMetrics is not null);
        var header = new List<string>
        {
            "activation",
            "lr",
            "hidden",
            "batch",
            "optimizer",
            "final loss",
            metric,
        };
        if (validation)
        {
            header.AddRange(["val loss", $"val {metric}"]);
        }
        header.Add("seconds");
        if (modelPaths is not null)
        {
            header.Add("model");
        }
        var rows = new List<IReadOnlyList<string>>();
        for (int i = 0; i < results.Length; i++)
        {
            var (c, r) = (combinations[i], results[i]);
            var cells = new List<string>
            {
                c.Activation.Name(),
                c.LearningRateText,
                c.HiddenText,
                OptionParsing.BatchSizeText(c.BatchSize),
                TrainingSettings.OptimizerName(c.Optimizer),
                Number(r.FinalLoss),
                Number(r.TrainingMetrics[metric]),
            };
            if (validation)
            {
                cells.AddRange([Number(r.ValidationLoss), Number(r.ValidationMetrics?[metric])]);
            }
            cells.Add(r.TrainSeconds.ToString("0.###", CultureInfo.InvariantCulture));
            if (modelPaths is not null)
            {
                cells.Add(modelPaths[i]);
            }
            rows.Add(cells);
        }
        var (best, by, _) = Best(results, metric);
        ImportanceOutput.WriteGrid(header, rows, markdown: false, output);
        string what = string.Join(
            ", ",
            combinations[best].Varied(varied).Select(v => $"{v.Name} {v.Value}")
        );
        if (results.Length > 1)
        {
            output.WriteLine($"best by {by}: {what}");
        }
    }

    /// <summary>
    /// The combination with the highest validation metric (training metric without validation
    /// rows): its index, what it was chosen by, and its score.
    /// </summary>
    public static (int Index, string By, double? Score) Best(
        TrainingResult[] results,
        string metric
    )
    {
        bool validation = results.Any(r => r.ValidationMetrics is not null);
        double? Score(int i) =>
            validation ? results[i].ValidationMetrics?[metric] : results[i].TrainingMetrics[metric];
        int best = 0;
        for (int i = 1; i < results.Length; i++)
        {
            if ((Score(i) ?? double.NegativeInfinity) > (Score(best) ?? double.NegativeInfinity))
            {
                best = i;
            }
        }
        return (best, validation ? $"validation {metric}" : $"training {metric}", Score(best));
    }

    private static void WriteJson(
        IReadOnlyList<SweepCombination> combinations,
        TrainingResult[] results,
        IReadOnlyList<(SweepCombination Combination, string Error)> failures,
        Dataset data,
        string[]? modelPaths,
        long seed,
        string metric,
        TextWriter output
    ) =>
        JsonOutput.Document(
            output,
            "mlp-sweep/1",
            json =>
            {
                json.WriteString("data", data.File);
                json.WriteNumber("rows", data.Rows);
                json.WriteString("task", data.Schema.Task.Name());
                json.WriteString("metric", metric);
                json.WriteNumber("seed", seed);
                json.WriteStartArray("combinations");
                for (int i = 0; i < results.Length; i++)
                {
                    var (c, r) = (combinations[i], results[i]);
                    json.WriteStartObject();
                    WriteCombination(json, c);
                    json.WriteNumber("epochs_run", r.EpochsRun);
                    json.WriteNumber("best_epoch", r.KeptEpoch);
                    json.WriteNumber("final_loss", r.FinalLoss);
                    JsonOutput.NumberOrNull(json, "val_loss", r.ValidationLoss);
                    JsonOutput.Metrics(json, r.TrainingMetrics);
                    if (r.ValidationMetrics is { } validation)
                    {
                        JsonOutput.Metrics(json, validation, "validation_metrics");
                    }
                    else
                    {
                        json.WriteNull("validation_metrics");
                    }
                    json.WriteNumber("train_seconds", r.TrainSeconds);
                    if (modelPaths is null)
                    {
                        json.WriteNull("model");
                    }
                    else
                    {
                        json.WriteString("model", modelPaths[i]);
                    }
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                if (results.Length == 0)
                {
                    json.WriteNull("best");
                }
                else
                {
                    // The combination the text's "best by" line names, by the same rule.
                    var (best, by, score) = Best(results, metric);
                    json.WriteStartObject("best");
                    WriteCombination(json, combinations[best]);
                    json.WriteString("by", by);
                    JsonOutput.NumberOrNull(json, metric, score);
                    json.WriteEndObject();
                }
                json.WriteStartArray("failures");
                foreach (var (combination, error) in failures)
                {
                    json.WriteStartObject();
                    WriteCombination(json, combination);
                    json.WriteString("error", error);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
        );

    private static void WriteCombination(Utf8JsonWriter json, SweepCombination c)
    {
        json.WriteString("activation", c.Activation.Name());
        json.WriteNumber("lr", c.LearningRate);
        json.WriteStartArray("hidden");
        foreach (int size in c.Hidden)
        {
            json.WriteNumberValue(size);
        }
        json.WriteEndArray();
        json.WriteString("batch_size", OptionParsing.BatchSizeText(c.BatchSize));
        json.WriteString("optimizer", TrainingSettings.OptimizerName(c.Optimizer));
    }

    private static string Number(double? value) =>
        value is double v ? v.ToString("0.######", CultureInfo.InvariantCulture) : "";
}
