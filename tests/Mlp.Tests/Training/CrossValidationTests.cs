using System.Text.Json;
using Mlp.Data;
using Mlp.Model;
using Mlp.Training;

namespace Mlp.Tests.Training;

/// <summary>--cv: the folds, the scores over them, and what is (not) written.</summary>
public class CrossValidationTests
{
    private static Dataset Labels(float[] target) =>
        new()
        {
            Schema = new Schema
            {
                Sources = [new SourceFeature("x", null)],
                TargetName = "y",
                Task = TaskKind.Multiclass,
                Classes = ["a", "b", "c"],
                ClassesAreNumbers = false,
            },
            Columns =
            [
                [.. target.Select((_, i) => (float)i)],
            ],
            Origins = [0],
            Target = target,
            File = "t.csv",
        };

    [Fact]
    public void Stratified_folds_hold_every_row_once_and_each_class_evenly()
    {
        // 23 rows: 12 of a, 8 of b, 3 of c, into 4 folds.
        float[] target =
        [
            .. Enumerable.Repeat(0f, 12),
            .. Enumerable.Repeat(1f, 8),
            .. Enumerable.Repeat(2f, 3),
        ];
        var data = Labels(target);
        var folds = CrossValidation.Folds(data, 4, seed: 7, stratify: true);
        Assert.Equal(Enumerable.Range(0, 23), folds.SelectMany(f => f).Order());
        for (int c = 0; c < 3; c++)
        {
            var counts = folds.Select(f => f.Count(r => (int)target[r] == c)).ToArray();
            Assert.True(
                counts.Max() - counts.Min() <= 1,
                $"class {c}: {string.Join(", ", counts)}"
            );
        }
        Assert.True(folds.Max(f => f.Length) - folds.Min(f => f.Length) <= 1);
        Assert.Equal(folds, CrossValidation.Folds(data, 4, seed: 7, stratify: true));
        Assert.NotEqual(folds, CrossValidation.Folds(data, 4, seed: 8, stratify: true));
        Assert.Equal([0, 2, 4], CrossValidation.Complement(5, [1, 3]));
    }

    [Fact]
    public void Fold_metrics_are_the_mean_and_population_std_of_the_folds()
    {
        var metric = new FoldMetric("accuracy", [0.9, 1.0, null, 0.8]);
        Assert.Equal(0.9, metric.Mean!.Value, 12);
        Assert.Equal(Math.Sqrt(0.02 / 3), metric.Std!.Value, 12);
    }

    [Fact]
    public void Cv_reports_every_fold_and_writes_a_model_only_with_o_the_same_as_train()
    {
        using var folder = new TempFolder();
        string data = folder.Write("d.csv", MoonsData.Csv(300, 2));
        string[] common = ["--hidden", "6", "--epochs", "8"];
        var run = CliRunner.Run(["train", data, "--cv", "4", "--json", "--quiet", .. common]);
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal(4, json.RootElement.GetProperty("folds").GetInt32());
        var accuracy = json.RootElement.GetProperty("metrics").GetProperty("accuracy");
        var values = accuracy
            .GetProperty("values")
            .EnumerateArray()
            .Select(v => v.GetDouble())
            .ToArray();
        Assert.Equal(4, values.Length);
        Assert.Equal(values.Average(), accuracy.GetProperty("mean").GetDouble(), 12);
        Assert.True(values.Average() > 0.6, $"accuracy {values.Average()}");
        var testRows = json
            .RootElement.GetProperty("test_rows")
            .EnumerateArray()
            .SelectMany(f => f.EnumerateArray())
            .Select(v => v.GetInt32());
        Assert.Equal(Enumerable.Range(0, 300), testRows.Order());

        string withModel = folder.File("cv.mlp"),
            trained = folder.File("train.mlp");
        Assert.Equal(
            0,
            CliRunner
                .Run(["train", data, "--cv", "4", "-o", withModel, "--quiet", .. common])
                .ExitCode
        );
        Assert.Equal(
            0,
            CliRunner.Run(["train", data, "-o", trained, "--quiet", .. common]).ExitCode
        );
        Assert.Equal(File.ReadAllBytes(trained), File.ReadAllBytes(withModel));
    }

    [Theory]
    [InlineData("--cv|1", "--cv 1 must be at least 2 folds")]
    [InlineData("--cv|500", "--cv 500 needs at least 500 rows; the data has 40")]
    [InlineData("--cv|3|--history|h.csv", "--history applies only without --cv")]
    public void Cv_mistakes_are_usage_errors(string args, string message)
    {
        using var folder = new TempFolder();
        string data = folder.Write("d.csv", MoonsData.Csv(40, 2));
        var run = CliRunner.Run(["train", data, .. args.Split('|')]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr);
    }
}
