using System.Globalization;
using System.Text.Json;

namespace Mlp.Tests.EndToEnd;

/// <summary>
/// Binary classes are named: predict's column is p_&lt;positive class&gt;, train and eval say
/// which class is positive, and --positive chooses it in train, predict and eval; multiclass
/// eval gives every class's precision, recall, F1 and support. Every number is recomputed here
/// from predict's own output and the true labels.
/// </summary>
public sealed class PositiveClassTests
{
    private static string Data(TempFolder folder) =>
        folder.Write("d.csv", Generated.BinaryWithText(200, 3));

    private static List<(double P, string Label, string Truth)> Predictions(
        string stdout,
        string column,
        string data
    )
    {
        var rows = SimpleCsv.Parse(stdout);
        var truth = SimpleCsv.Parse(File.ReadAllText(data));
        return
        [
            .. rows.Select(
                (row, r) =>
                    (
                        double.Parse(row[column], CultureInfo.InvariantCulture),
                        row["label"],
                        truth[r]["label"]
                    )
            ),
        ];
    }

    [Fact]
    public void Positive_picks_the_class_whose_probability_predict_writes_and_eval_counts()
    {
        using var folder = new TempFolder();
        string data = Data(folder);
        string model = folder.File("m.mlp");
        var train = CliRunner.Run("train", data, "-o", model, "--epochs", "5", "--json");
        Assert.Equal(
            "yes",
            JsonDocument.Parse(train.Stdout).RootElement.GetProperty("positive_class").GetString()
        );

        var yes = Predictions(CliRunner.Run("predict", model, data).Stdout, "p_yes", data);
        var no = Predictions(
            CliRunner.Run("predict", model, data, "--positive", "no").Stdout,
            "p_no",
            data
        );
        for (int r = 0; r < yes.Count; r++)
        {
            Assert.True(
                Math.Abs(1 - yes[r].P - no[r].P) <= 1e-6,
                $"row {r}: {yes[r].P}, {no[r].P}"
            );
        }
        foreach (var (positive, rows) in new[] { ("yes", yes), ("no", no) })
        {
            var eval = JsonDocument
                .Parse(CliRunner.Run("eval", model, data, "--positive", positive, "--json").Stdout)
                .RootElement;
            Assert.Equal(positive, eval.GetProperty("positive_class").GetString());
            var metrics = eval.GetProperty("metrics");
            double truePositive = rows.Count(p => p.Label == positive && p.Truth == positive);
            double precision = truePositive / rows.Count(p => p.Label == positive);
            double recall = truePositive / rows.Count(p => p.Truth == positive);
            Assert.Equal(precision, metrics.GetProperty("precision").GetDouble(), 9);
            Assert.Equal(recall, metrics.GetProperty("recall").GetDouble(), 9);
            Assert.Equal(
                2 * precision * recall / (precision + recall),
                metrics.GetProperty("f1").GetDouble(),
                9
            );
        }
        Assert.StartsWith(
            "binary, 200 rows, positive class no",
            CliRunner.Run("eval", model, data, "--positive", "no").Stdout
        );
    }

    [Fact]
    public void Training_with_positive_makes_that_class_the_models_positive_one()
    {
        using var folder = new TempFolder();
        string data = Data(folder);
        string model = folder.File("m.mlp");
        var train = CliRunner.Run(
            "train",
            data,
            "-o",
            model,
            "--epochs",
            "5",
            "--positive",
            "no",
            "--json"
        );
        var summary = JsonDocument.Parse(train.Stdout).RootElement;
        Assert.Equal("no", summary.GetProperty("positive_class").GetString());
        Assert.Equal(
            ["yes", "no"],
            summary.GetProperty("classes").EnumerateArray().Select(c => c.GetString())
        );
        Assert.Equal(
            "no",
            JsonDocument
                .Parse(CliRunner.Run("info", model, "--json").Stdout)
                .RootElement.GetProperty("positive_class")
                .GetString()
        );
        Assert.Contains("positive: no", CliRunner.Run("info", model).Stdout);
        var rows = Predictions(CliRunner.Run("predict", model, data).Stdout, "p_no", data);
        Assert.All(rows, p => Assert.Equal(p.P >= 0.5 ? "no" : "yes", p.Label));
    }

    [Theory]
    [InlineData("maybe", "is not a class of the")]
    public void Positive_names_a_class_of_a_binary_target(string positive, string message)
    {
        using var folder = new TempFolder();
        string data = Data(folder);
        string model = folder.File("m.mlp");
        var train = CliRunner.Run(
            "train",
            data,
            "-o",
            model,
            "--epochs",
            "2",
            "--positive",
            positive
        );
        Assert.Equal(2, train.ExitCode); // a usage error
        Assert.Contains(message, train.Stderr);
        Assert.Equal(0, CliRunner.Run("train", data, "-o", model, "--epochs", "2").ExitCode);
        var predict = CliRunner.Run("predict", model, data, "--positive", positive);
        Assert.Equal(2, predict.ExitCode);
        Assert.Contains(message, predict.Stderr);
        string iris = folder.File("iris.mlp");
        Assert.Equal(
            0,
            CliRunner.Run("train", TestData.Iris, "-o", iris, "--epochs", "2").ExitCode
        );
        var multiclass = CliRunner.Run("eval", iris, TestData.Iris, "--positive", "setosa");
        Assert.Equal(2, multiclass.ExitCode);
        Assert.Contains("--positive", multiclass.Stderr);
        var regression = CliRunner.Run(
            "train",
            data,
            "--target",
            "x1",
            "-o",
            iris,
            "--epochs",
            "2",
            "--positive",
            "1"
        );
        Assert.Equal(2, regression.ExitCode);
        Assert.Contains("--positive applies to binary targets", regression.Stderr);
    }

    [Fact]
    public void Multiclass_eval_gives_each_classs_precision_recall_f1_and_support()
    {
        using var folder = new TempFolder();
        string model = folder.File("m.mlp");
        Assert.Equal(
            0,
            CliRunner
                .Run("train", TestData.Iris, "-o", model, "--epochs", "3", "--hidden", "4")
                .ExitCode
        );
        var predicted = SimpleCsv.Parse(CliRunner.Run("predict", model, TestData.Iris).Stdout);
        var truth = SimpleCsv.Parse(File.ReadAllText(TestData.Iris));
        string target = truth[0].Keys.Last();
        var eval = JsonDocument
            .Parse(CliRunner.Run("eval", model, TestData.Iris, "--json").Stdout)
            .RootElement;
        var perClass = eval.GetProperty("per_class").EnumerateArray().ToArray();
        Assert.Equal(3, perClass.Length);
        foreach (var scores in perClass)
        {
            string name = scores.GetProperty("class").GetString()!;
            var rows = Enumerable.Range(0, truth.Count).ToArray();
            double tp = rows.Count(r => predicted[r]["label"] == name && truth[r][target] == name);
            double predictedCount = rows.Count(r => predicted[r]["label"] == name);
            double support = rows.Count(r => truth[r][target] == name);
            double precision = predictedCount == 0 ? 0 : tp / predictedCount;
            double recall = tp / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            Assert.Equal(precision, scores.GetProperty("precision").GetDouble(), 9);
            Assert.Equal(recall, scores.GetProperty("recall").GetDouble(), 9);
            Assert.Equal(f1, scores.GetProperty("f1").GetDouble(), 9);
            Assert.Equal(support, scores.GetProperty("support").GetDouble());
        }
        string text = CliRunner.Run("eval", model, TestData.Iris).Stdout;
        Assert.Contains("precision  recall    f1        support", text);
    }
}
