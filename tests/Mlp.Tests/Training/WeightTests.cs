using System.Text;
using System.Text.Json;
using Mlp.Metrics;
using Mlp.Model;
using Mlp.Training;

namespace Mlp.Tests.Training;

/// <summary>Class and sample weights: in the loss, the metrics and permutation importance; an integer weight is a duplicated row.</summary>
public class WeightTests
{
    private static Schema Binary() =>
        new()
        {
            Sources = [new SourceFeature("x", null)],
            TargetName = "y",
            Task = TaskKind.Binary,
            Classes = ["no", "yes"],
            ClassesAreNumbers = false,
        };

    [Fact]
    public void Balanced_class_weights_are_rows_over_classes_times_the_class_count()
    {
        float[] target = [0, 0, 0, 1, 1];
        // Training rows 0..3: three "no", one "yes": 4 / (2 × 3) and 4 / (2 × 1).
        var weights = ClassWeights.Resolve("balanced", Binary(), target, [0, 1, 2, 3])!;
        Assert.Equal(4.0 / 6, weights[0], 6);
        Assert.Equal(2.0, weights[1], 6);
        Assert.Equal([1f, 2.5f], ClassWeights.Resolve("yes=2.5", Binary(), target, [0, 1])!);
        var rows = ClassWeights.RowWeights([1, 2, 1, 1, 3], [1f, 2.5f], target)!;
        Assert.Equal([1f, 2, 1, 2.5f, 7.5f], rows);
        var unknown = Assert.Throws<InvalidSettingException>(() =>
            ClassWeights.Resolve("maybe=2", Binary(), target, [0])
        );
        Assert.Equal(nameof(TrainingSettings.ClassWeight), unknown.Setting);
        Assert.Contains("the classes are: no, yes", unknown.Detail);
    }

    [Fact]
    public void Weighted_metrics_equal_the_metrics_of_duplicated_rows()
    {
        float[] probabilities = [0.9f, 0.2f, 0.6f, 0.4f, 0.7f, 0.1f];
        float[] labels = [1, 0, 0, 1, 1, 0];
        float[] weights = [2, 1, 3, 1, 2, 1];
        var duplicatedOutputs = new List<float>();
        var duplicatedLabels = new List<float>();
        for (int r = 0; r < labels.Length; r++)
        {
            for (int k = 0; k < weights[r]; k++)
            {
                duplicatedOutputs.Add(probabilities[r]);
                duplicatedLabels.Add(labels[r]);
            }
        }
        var weighted = Scoring.Compute(TaskKind.Binary, 2, probabilities, labels, weights: weights);
        var duplicated = Scoring.Compute(
            TaskKind.Binary,
            2,
            [.. duplicatedOutputs],
            [.. duplicatedLabels]
        );
        foreach (var (name, value) in duplicated.Values)
        {
            Assert.Equal(value!.Value, weighted[name]!.Value, 12);
        }
        // By hand: correct rows 0, 1, 4, 5 weigh 2 + 1 + 2 + 1 of 10.
        Assert.Equal(0.6, weighted["accuracy"]!.Value, 12);
        float[] predictions = [1.5f, 2, 2.5f],
            targets = [1, 2, 4];
        var regression = Scoring.Compute(
            TaskKind.Regression,
            0,
            predictions,
            targets,
            weights: [1, 1, 2]
        );
        var regressionDuplicated = Scoring.Compute(
            TaskKind.Regression,
            0,
            [1.5f, 2, 2.5f, 2.5f],
            [1, 2, 4, 4]
        );
        Assert.Equal(regressionDuplicated["r2"]!.Value, regression["r2"]!.Value, 12);
        Assert.Equal(regressionDuplicated["mae"]!.Value, regression["mae"]!.Value, 12);
    }

    private static string Csv(
        IEnumerable<(double A, double B, int Y, int W)> rows,
        bool weightColumn
    )
    {
        var csv = new StringBuilder(weightColumn ? "a,b,w,y\n" : "a,b,y\n");
        foreach (var (a, b, y, w) in rows)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{a},{b},");
            csv.Append(weightColumn ? $"{w},{y}\n" : $"{y}\n");
        }
        return csv.ToString();
    }

    private static List<(double A, double B, int Y, int W)> Rows(int count, Func<int, int> weight)
    {
        var random = new Random(3);
        return
        [
            .. Enumerable
                .Range(0, count)
                .Select(i =>
                {
                    double a = Math.Round(random.NextDouble() * 4 - 2, 4),
                        b = Math.Round(random.NextDouble() * 4 - 2, 4);
                    return (a, b, a * a + b > 1 ? 1 : 0, weight(i));
                }),
        ];
    }

    /// <summary>
    /// Full batch, weight 2 on every row against every row twice: the loss Σ w·l / Σ w and its
    /// gradient are the same sums in another order, so the models differ by float rounding only.
    /// </summary>
    [Fact]
    public void Weight_two_on_every_row_of_a_full_batch_run_is_every_row_twice()
    {
        using var folder = new TempFolder();
        var rows = Rows(150, _ => 2);
        string weighted = folder.Write("w.csv", Csv(rows, weightColumn: true));
        string twice = folder.Write(
            "d.csv",
            Csv(rows.SelectMany(r => new[] { r, r }), weightColumn: false)
        );
        string plain = folder.Write("p.csv", Csv(rows, weightColumn: false));
        string[] common =
        [
            "--hidden",
            "8",
            "--batch-size",
            "full",
            "--epochs",
            "200",
            "--lr",
            "0.01",
            "--quiet",
        ];
        Assert.Equal(
            0,
            CliRunner
                .Run([
                    "train",
                    weighted,
                    "--sample-weight",
                    "w",
                    "-o",
                    folder.File("w.mlp"),
                    .. common,
                ])
                .ExitCode
        );
        Assert.Equal(
            0,
            CliRunner.Run(["train", twice, "-o", folder.File("d.mlp"), .. common]).ExitCode
        );
        double[] Probabilities(string model) =>
            [
                .. CliRunner
                    .Run("predict", model, plain)
                    .Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                    .Skip(1)
                    .Select(l =>
                        double.Parse(
                            l.Split(',')[0],
                            System.Globalization.CultureInfo.InvariantCulture
                        )
                    ),
            ];
        var a = Probabilities(folder.File("w.mlp"));
        var b = Probabilities(folder.File("d.mlp"));
        Assert.Equal(150, a.Length);
        Assert.True(a.Zip(b).Max(p => Math.Abs(p.First - p.Second)) < 1e-5);
        Assert.Contains(a.Zip(b), p => p.First != 0.5); // the models did learn
    }

    [Fact]
    public void Eval_and_permutation_weigh_rows_as_duplicates_would()
    {
        using var folder = new TempFolder();
        var rows = Rows(120, i => 1 + i % 3);
        string weighted = folder.Write("w.csv", Csv(rows, weightColumn: true));
        string duplicated = folder.Write(
            "d.csv",
            Csv(rows.SelectMany(r => Enumerable.Repeat(r, r.W)), weightColumn: false)
        );
        string model = folder.File("m.mlp");
        Assert.Equal(
            0,
            CliRunner
                .Run("train", duplicated, "-o", model, "--hidden", "6", "--epochs", "20", "--quiet")
                .ExitCode
        );
        JsonElement Metrics(params string[] args)
        {
            var run = CliRunner.Run(args);
            Assert.Equal(0, run.ExitCode);
            return JsonDocument.Parse(run.Stdout).RootElement.GetProperty("metrics");
        }
        var byWeight = Metrics("eval", model, weighted, "--sample-weight", "w", "--json");
        var byRows = Metrics("eval", model, duplicated, "--json");
        foreach (var name in new[] { "accuracy", "log_loss", "f1", "auc", "recall" })
        {
            Assert.Equal(
                byRows.GetProperty(name).GetDouble(),
                byWeight.GetProperty(name).GetDouble(),
                9
            );
        }
        var importance = CliRunner.Run(
            "importance",
            model,
            weighted,
            "--sample-weight",
            "w",
            "--rows",
            "all",
            "--json"
        );
        Assert.Equal(0, importance.ExitCode);
        Assert.Equal(
            byRows.GetProperty("accuracy").GetDouble(),
            JsonDocument
                .Parse(importance.Stdout)
                .RootElement.GetProperty("baseline_score")
                .GetDouble(),
            9
        );
    }

    [Theory]
    [InlineData(
        "a,b,w,y\n1,2,-1,0\n2,1,1,1\n",
        "sample weight '-1' on data row 1 is not a number ≥ 0"
    )]
    [InlineData("a,b,w,y\n1,2,,0\n2,1,1,1\n", "missing sample weight (|d.csv:2, column \"w\")")]
    [InlineData("a,b,w,y\n1,2,heavy,0\n2,1,1,1\n", "sample weight 'heavy' is not a number ≥ 0")]
    [InlineData("a,b,w,y\n1,2,0,0\n2,1,0,1\n", "every sample weight is 0")]
    public void Bad_weights_are_one_line_errors(string csv, string message)
    {
        using var folder = new TempFolder();
        string data = folder.Write("d.csv", csv);
        var run = CliRunner.Run("train", data, "--sample-weight", "w", "-o", folder.File("m.mlp"));
        Assert.Equal(1, run.ExitCode);
        Assert.All(message.Split('|'), part => Assert.Contains(part, run.Stderr));
    }

    [Theory]
    [InlineData("--sample-weight|y", "--sample-weight names \"y\", which is also the target")]
    [InlineData("--sample-weight|weight", "unknown sample weight column \"weight\"")]
    [InlineData(
        "--class-weight|maybe=2",
        "--class-weight 'maybe=2' does not name a class of the target"
    )]
    [InlineData("--class-weight|1=-2", "the weight is not a number ≥ 0")]
    public void Weight_options_that_do_not_fit_the_data_are_errors(string args, string message)
    {
        using var folder = new TempFolder();
        string data = folder.Write("d.csv", "a,b,w,y\n1,2,1,0\n2,1,1,1\n3,1,1,0\n");
        var run = CliRunner.Run([
            "train",
            data,
            "-o",
            folder.File("m.mlp"),
            "--quiet",
            .. args.Split('|'),
        ]);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(message, run.Stderr);
    }
}
