using System.Globalization;
using System.Text.Json;
using Mlp.Model;
using Mlp.Training;

namespace Mlp.Tests.Properties;

/// <summary>
/// Random problems (<see cref="TrainingCase"/>) through the commands as a user runs them:
/// `train` never fails and writes the same bytes on 1 and 2 or 3 threads; every number it
/// reports (training and validation metrics, the validation loss, the history's kept row)
/// equals a recomputation in double from `predict`'s output by <see cref="ReferenceMetrics"/>;
/// `eval` and `importance` agree with the same recomputation; `pdp`, `weights` and `export` run.
/// Alone in the training collection, since --threads is process-wide.
/// </summary>
[Collection(nameof(TrainingProperties))]
public class CommandProperties
{
    private const int Cases = 500;

    [Fact]
    public void Every_reported_number_equals_a_recomputation_from_predict() =>
        PropertyRun.Check(
            "commands",
            Cases,
            random =>
                TrainingCase.Draw(random) with
                {
                    Patience = random.Next(3) == 0 ? 1 + random.Next(2) : null,
                },
            c => c.Shrink(),
            CommandsAgree
        );

    internal static void CommandsAgree(TrainingCase drawn)
    {
        using var folder = new TempFolder();
        var lines = drawn.Csv().TrimEnd('\n').Split('\n');
        int validationRows =
            drawn.Validation > 0 ? Math.Max(1, (int)(drawn.Validation * drawn.Rows)) : 0;
        var trainLines = lines[..(lines.Length - validationRows)];
        string train = folder.Write("train.csv", string.Join("\n", trainLines) + "\n");
        string? validation =
            validationRows > 0
                ? folder.Write(
                    "validation.csv",
                    string.Join("\n", [lines[0], .. lines[^validationRows..]]) + "\n"
                )
                : null;
        string model = folder.File("m.mlp");
        string history = folder.File("history.csv");
        var options = TrainOptions(drawn, validation);
        var trained = CliRunner.Run([
            "train",
            train,
            "-o",
            model,
            "--json",
            "--history",
            history,
            "--threads",
            "1",
            .. options,
        ]);
        if (
            trained.ExitCode == 1
            && trained.Stderr.Split('\n').Any(l => l.StartsWith("mlp: error: training diverged"))
        )
        {
            Assert.False(File.Exists(model), "a diverged run wrote its model");
            return; // the user's error for a learning rate too high
        }
        Assert.True(trained.ExitCode == 0, $"mlp train: exit {trained.ExitCode}\n{trained.Stderr}");
        var threaded = Succeeds(
            "train",
            [train, "-o", folder.File("threads.mlp"), "--threads", $"{drawn.Threads}", .. options]
        );
        Assert.True(
            File.ReadAllBytes(model)
                .AsSpan()
                .SequenceEqual(File.ReadAllBytes(folder.File("threads.mlp"))),
            $"the model differs between 1 and {drawn.Threads} threads"
        );
        var summary = JsonDocument.Parse(trained.Stdout).RootElement;
        var classes = summary
            .GetProperty("classes")
            .EnumerateArray()
            .Select(c => c.GetString()!)
            .ToArray();

        var trainRows = Predictions(model, train, drawn.Task, classes);
        AssertMetrics(
            summary.GetProperty("metrics"),
            Recompute(trainRows, drawn.Task),
            "train --json metrics"
        );
        var historyRows = File.ReadAllLines(history)[1..].Select(line => line.Split(',')).ToArray();
        int bestEpoch = summary.GetProperty("best_epoch").GetInt32();
        var kept = historyRows.Single(row =>
            int.Parse(row[0], CultureInfo.InvariantCulture) == bestEpoch
        );
        AssertKeptHistory(model, historyRows, bestEpoch);
        Assert.Equal(summary.GetProperty("final_loss").GetDouble(), Number(kept[1]));
        string metric = drawn.Task == TaskKind.Regression ? "r2" : "accuracy";
        if (validation is null)
        {
            Assert.Equal(JsonValueKind.Null, summary.GetProperty("val_loss").ValueKind);
            Assert.Equal("", kept[2]);
        }
        else
        {
            var heldOut = Predictions(model, validation, drawn.Task, classes);
            var recomputed = Recompute(heldOut, drawn.Task);
            AssertMetrics(
                summary.GetProperty("validation_metrics"),
                recomputed,
                "train --json validation_metrics"
            );
            double loss = ValidationLoss(heldOut, trainRows, drawn);
            double reported = summary.GetProperty("val_loss").GetDouble();
            Near(loss, reported, 1e-4 * Math.Abs(loss) + 1e-6, "val_loss");
            // An ensemble's history is its first member's; its val_loss is the ensemble's own.
            if (drawn.Ensemble == 1)
            {
                Assert.Equal(reported, Number(kept[2]));
                if (recomputed[metric] is var (low, high))
                {
                    InRange(low, high, Number(kept[3]), $"history's {metric} at the kept epoch");
                }
            }
            var eval = Succeeds("eval", [model, validation, "--json"]);
            AssertMetrics(
                JsonDocument.Parse(eval.Stdout).RootElement.GetProperty("metrics"),
                recomputed,
                "eval --json"
            );
        }

        string[] importance = [model, train, "--format", "json", "--repeats", "2"];
        if (Recompute(trainRows, drawn.Task)[metric] is not var (baselineLow, baselineHigh))
        {
            // r2 of a target with one value: a clear error, not a figure.
            var undefined = CliRunner.Run(["importance", .. importance]);
            Assert.Equal(1, undefined.ExitCode);
            Assert.StartsWith($"mlp: error: {metric} is undefined on these", undefined.Stderr);
        }
        else
        {
            var importanceJson = JsonDocument
                .Parse(Succeeds("importance", importance).Stdout)
                .RootElement;
            Assert.Equal(metric, importanceJson.GetProperty("metric").GetString());
            InRange(
                baselineLow,
                baselineHigh,
                importanceJson.GetProperty("baseline_score").GetDouble(),
                "importance baseline_score"
            );
        }
        string feature = drawn.Numeric > 0 ? "x0" : "k0";
        Succeeds("pdp", [model, train, "--features", feature, "--grid", "5", "--format", "json"]);
        Succeeds("weights", [model]);
        Succeeds("export", [model, "-o", folder.File("m.onnx")]);
    }

    /// <summary>
    /// The history the model file keeps (the report draws its loss curves from it, safetensors'
    /// metadata, read here by hand) is the --history file's: the same epochs, losses, validation
    /// metric and kept epoch.
    /// </summary>
    private static void AssertKeptHistory(string model, string[][] historyRows, int bestEpoch)
    {
        var bytes = File.ReadAllBytes(model);
        long length = BitConverter.ToInt64(bytes, 0);
        var header = JsonDocument.Parse(bytes.AsMemory(8, (int)length)).RootElement;
        var config = JsonDocument
            .Parse(header.GetProperty("__metadata__").GetProperty("config").GetString()!)
            .RootElement;
        var kept = config.GetProperty("history");
        Assert.Equal(bestEpoch, kept.GetProperty("kept_epoch").GetInt32());
        double?[] Column(string name) =>
            [
                .. kept.GetProperty(name)
                    .EnumerateArray()
                    .Select(v => v.ValueKind == JsonValueKind.Null ? (double?)null : v.GetDouble()),
            ];
        double? Cell(string text) => text.Length == 0 ? null : Number(text);
        Assert.Equal(historyRows.Select(row => (double?)Number(row[0])), Column("epoch"));
        Assert.Equal(historyRows.Select(row => Cell(row[1])), Column("train_loss"));
        Assert.Equal(historyRows.Select(row => Cell(row[2])), Column("validation_loss"));
        Assert.Equal(
            historyRows.Select(row => row[2].Length == 0 ? null : Cell(row[3])),
            Column("metric")
        );
    }

    private static string[] TrainOptions(TrainingCase drawn, string? validation)
    {
        var options = new List<string>
        {
            "--task",
            drawn.Task.Name(),
            "--hidden",
            drawn.Hidden.Length == 0 ? "none" : string.Join(",", drawn.Hidden),
            "--activation",
            ActivationNames.Name(drawn.Activation),
            "--optimizer",
            TrainingSettings.OptimizerName(drawn.Optimizer),
            "--lr",
            drawn.LearningRate.ToString("R", CultureInfo.InvariantCulture),
            "--l2",
            drawn.L2.ToString("R", CultureInfo.InvariantCulture),
            "--epochs",
            drawn.AutoEpochs && validation is null ? "auto" : $"{drawn.Epochs}",
            "--batch-size",
            drawn.BatchSize == 0 ? "full" : $"{drawn.BatchSize}",
            "--init",
            TrainingSettings.InitName(drawn.Init),
            "--missing",
            drawn.Missing,
            "--lr-schedule",
            LearningRateSchedule.Name(drawn.Schedule),
        };
        if (drawn.SampleWeights)
        {
            options.AddRange(["--ignore", "w"]); // the metrics recomputed here are unweighted
        }
        if (!drawn.Standardize)
        {
            options.Add("--no-standardize");
        }
        if (drawn.Dropout > 0)
        {
            options.AddRange([
                "--dropout",
                drawn.Dropout.ToString("R", CultureInfo.InvariantCulture),
            ]);
        }
        if (drawn.MissingCategory)
        {
            options.Add("--missing-category");
        }
        if (drawn.Ensemble > 1)
        {
            options.AddRange(["--ensemble", $"{drawn.Ensemble}"]);
        }
        if (drawn.Balanced)
        {
            options.AddRange(["--class-weight", "balanced"]);
        }
        if (validation is not null)
        {
            options.AddRange(["--validation-data", validation]);
            if (drawn.Patience is int patience)
            {
                options.AddRange(["--patience", $"{patience}"]);
            }
        }
        return [.. options];
    }

    private static CliRunner.Result Succeeds(string command, string[] arguments)
    {
        var result = CliRunner.Run([command, .. arguments]);
        Assert.True(
            result.ExitCode == 0,
            $"mlp {command} {string.Join(' ', arguments)}: exit {result.ExitCode}\n{result.Stderr}"
        );
        return result;
    }

    /// <summary>One row of `predict` beside the file's target: class probabilities and label index, or a prediction and value.</summary>
    private sealed record Predicted(
        double[] Probabilities,
        int Label,
        double Prediction,
        double Target
    );

    private static List<Predicted> Predictions(
        string model,
        string data,
        TaskKind task,
        string[] classes
    )
    {
        var predicted = Succeeds("predict", [model, data]).Stdout.TrimEnd('\n').Split('\n');
        var targets = File.ReadAllLines(data)[1..]
            .Select(line => line[(line.LastIndexOf(',') + 1)..])
            .ToArray();
        Assert.Equal(targets.Length, predicted.Length - 1);
        var rows = new List<Predicted>();
        for (int r = 0; r < targets.Length; r++)
        {
            var cells = predicted[r + 1].Split(',');
            if (task == TaskKind.Regression)
            {
                rows.Add(new Predicted([], 0, Float(cells[0]), Number(targets[r])));
                continue;
            }
            double[] probabilities =
                task == TaskKind.Binary
                    ? [1 - Float(cells[0]), Float(cells[0])]
                    : [.. cells[..^1].Select(Float)];
            rows.Add(new Predicted(probabilities, Array.IndexOf(classes, targets[r]), 0, 0));
        }
        return rows;
    }

    private static Dictionary<string, (double Low, double High)?> Recompute(
        List<Predicted> rows,
        TaskKind task
    ) =>
        task == TaskKind.Regression
            ? ReferenceMetrics.Regression(
                [.. rows.Select(r => r.Prediction)],
                [.. rows.Select(r => r.Target)]
            )
            : ReferenceMetrics.Classification(
                [.. rows.Select(r => r.Probabilities)],
                [.. rows.Select(r => r.Label)]
            );

    /// <summary>
    /// The contract's validation loss: the mean loss of the validation rows as training weighs it
    /// (balanced class weights n / (K·n_c) from the training rows), and for regression the mean
    /// squared error over the training target's variance (the loss on the standardized target).
    /// </summary>
    private static double ValidationLoss(
        List<Predicted> validation,
        List<Predicted> training,
        TrainingCase drawn
    )
    {
        if (drawn.Task == TaskKind.Regression)
        {
            double mean = training.Average(r => r.Target);
            double variance = training.Average(r => (r.Target - mean) * (r.Target - mean));
            return validation.Average(r => (r.Prediction - r.Target) * (r.Prediction - r.Target))
                / (variance > 0 ? variance : 1);
        }
        var counts = training.GroupBy(r => r.Label).ToDictionary(g => g.Key, g => g.Count());
        double Weight(int label) =>
            drawn.Balanced ? training.Count / ((double)drawn.Classes * counts[label]) : 1;
        double total = validation.Sum(r => Weight(r.Label));
        return validation.Sum(r => Weight(r.Label) * -Math.Log(r.Probabilities[r.Label])) / total;
    }

    private static void AssertMetrics(
        JsonElement reported,
        Dictionary<string, (double Low, double High)?> expected,
        string what
    )
    {
        foreach (var (name, range) in expected)
        {
            var actual = reported.GetProperty(name);
            if (range is not var (low, high))
            {
                Assert.Equal(JsonValueKind.Null, actual.ValueKind);
                continue;
            }
            Assert.True(
                actual.ValueKind == JsonValueKind.Number,
                $"{what} {name}: {actual}, expected {low}…{high}"
            );
            InRange(low, high, actual.GetDouble(), $"{what} {name}");
        }
    }

    /// <summary>Within [low, high], widened by a relative 1e-5: the summary scores rows as training holds them (float deviations from each column's first value), predict reads them again.</summary>
    private static void InRange(double low, double high, double actual, string what)
    {
        double tolerance = 1e-5 * Math.Max(1, Math.Max(Math.Abs(low), Math.Abs(high)));
        if (!(actual >= low - tolerance && actual <= high + tolerance))
        {
            throw new Xunit.Sdk.XunitException($"{what}: {actual:R}, recomputed {low:R}…{high:R}");
        }
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>A printed prediction: the shortest text of a float32, which read as a double would be off by up to half a float step.</summary>
    private static double Float(string text) => float.Parse(text, CultureInfo.InvariantCulture);

    private static void Near(double expected, double actual, double tolerance, string what)
    {
        if (!(Math.Abs(expected - actual) <= tolerance))
        {
            throw new Xunit.Sdk.XunitException($"{what}: {actual:R}, recomputed {expected:R}");
        }
    }
}
