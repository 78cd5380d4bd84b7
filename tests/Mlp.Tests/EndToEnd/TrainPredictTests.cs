using System.Globalization;
using System.Text.Json;

namespace Mlp.Tests.EndToEnd;

public class TrainPredictTests
{
    [Fact]
    public void Binary_predictions_with_text_classes_equal_an_independent_forward_pass()
    {
        using var folder = new TempFolder();
        string data = folder.Write("binary.csv", Generated.BinaryWithText(300, 1));
        string model = folder.File("m.mlp");
        Assert.Equal(
            0,
            CliRunner
                .Run(
                    "train",
                    data,
                    "-o",
                    model,
                    "--hidden",
                    "8,4",
                    "--activation",
                    "gelu",
                    "--epochs",
                    "20"
                )
                .ExitCode
        );
        var reference = new IndependentForward(CliRunner.Run("weights", model).Stdout);
        Assert.Contains("color=red", reference.Features);

        var predict = CliRunner.Run("predict", model, data);
        Assert.Equal(0, predict.ExitCode);
        var rows = SimpleCsv.Parse(File.ReadAllText(data));
        var predictions = SimpleCsv.Parse(predict.Stdout);
        Assert.Equal(rows.Count, predictions.Count);
        for (int r = 0; r < rows.Count; r++)
        {
            double expected = reference.Outputs(reference.Inputs(rows[r]))[0];
            double actual = double.Parse(predictions[r]["p_yes"], CultureInfo.InvariantCulture);
            Assert.True(Math.Abs(expected - actual) <= 1e-5, $"row {r}: {actual} vs {expected}");
            Assert.Equal(actual >= 0.5 ? "yes" : "no", predictions[r]["label"]);
        }
    }

    [Fact]
    public void Multiclass_iris_reaches_high_accuracy_and_matches_the_independent_forward_pass()
    {
        using var folder = new TempFolder();
        string model = folder.File("iris.mlp");
        var train = CliRunner.Run(
            "train",
            TestData.Iris,
            "-o",
            model,
            "--hidden",
            "16",
            "--activation",
            "tanh",
            "--epochs",
            "200",
            "--json"
        );
        Assert.Equal(0, train.ExitCode);
        using var summary = JsonDocument.Parse(train.Stdout);
        Assert.True(
            summary.RootElement.GetProperty("metrics").GetProperty("accuracy").GetDouble() >= 0.95
        );
        Assert.Equal("multiclass", summary.RootElement.GetProperty("task").GetString());

        var reference = new IndependentForward(CliRunner.Run("weights", model).Stdout);
        var rows = SimpleCsv.Parse(File.ReadAllText(TestData.Iris));
        var predictions = SimpleCsv.Parse(CliRunner.Run("predict", model, TestData.Iris).Stdout);
        string[] classes = ["setosa", "versicolor", "virginica"];
        for (int r = 0; r < rows.Count; r++)
        {
            var expected = reference.Outputs(reference.Inputs(rows[r]));
            for (int c = 0; c < classes.Length; c++)
            {
                double actual = double.Parse(
                    predictions[r][$"p_{classes[c]}"],
                    CultureInfo.InvariantCulture
                );
                Assert.True(
                    Math.Abs(expected[c] - actual) <= 1e-5,
                    $"row {r} class {classes[c]}: {actual} vs {expected[c]}"
                );
            }
            Assert.Equal(classes[Array.IndexOf(expected, expected.Max())], predictions[r]["label"]);
        }
    }

    [Fact]
    public void Regression_predictions_are_in_target_units_and_match_the_independent_forward_pass()
    {
        using var folder = new TempFolder();
        string data = folder.Write("reg.csv", Generated.Regression(400, 2));
        string model = folder.File("reg.mlp");
        var train = CliRunner.Run(
            "train",
            data,
            "-o",
            model,
            "--hidden",
            "32",
            "--epochs",
            "60",
            "--json"
        );
        Assert.Equal(0, train.ExitCode);
        using var summary = JsonDocument.Parse(train.Stdout);
        Assert.True(summary.RootElement.GetProperty("metrics").GetProperty("r2").GetDouble() > 0.9);

        new IndependentForward(CliRunner.Run("weights", model).Stdout).AssertRegressionMatches(
            File.ReadAllText(data),
            CliRunner.Run("predict", model, data).Stdout,
            1e-4
        );
    }

    [Fact]
    public void Xor_is_learned_completely_by_a_2_4_1_tanh_network()
    {
        using var folder = new TempFolder();
        string data = folder.Write("xor.csv", Generated.Xor());
        string model = folder.File("xor.mlp");
        var train = CliRunner.Run(
            "train",
            data,
            "-o",
            model,
            "--hidden",
            "4",
            "--activation",
            "tanh",
            "--lr",
            "0.05",
            "--epochs",
            "500",
            "--batch-size",
            "full"
        );
        Assert.Equal(0, train.ExitCode);
        var eval = CliRunner.Run("eval", model, data, "--json");
        using var metrics = JsonDocument.Parse(eval.Stdout);
        Assert.Equal(
            1.0,
            metrics.RootElement.GetProperty("metrics").GetProperty("accuracy").GetDouble()
        );
        Assert.Equal(4, metrics.RootElement.GetProperty("rows").GetInt32());
    }

    [Fact]
    public void Batches_cut_into_chunks_give_byte_identical_models_on_1_2_and_4_threads()
    {
        using var folder = new TempFolder();
        string data = folder.Write("regression.csv", Generated.Regression(700, 4));
        string[] common =
        [
            "--hidden",
            "64,32",
            "--epochs",
            "4",
            "--batch-size",
            "256",
            "--seed",
            "3",
        ];
        var models = new List<byte[]>();
        foreach (string threads in new[] { "1", "2", "4" })
        {
            string model = folder.File($"t{threads}.mlp");
            Assert.Equal(
                0,
                CliRunner
                    .Run(["train", data, "-o", model, "--threads", threads, .. common])
                    .ExitCode
            );
            models.Add(File.ReadAllBytes(model));
        }
        Assert.Equal(models[0], models[1]);
        Assert.Equal(models[0], models[2]);
    }

    [Fact]
    public void Same_seed_writes_byte_identical_models_whatever_the_thread_count()
    {
        using var folder = new TempFolder();
        string data = folder.Write("binary.csv", Generated.BinaryWithText(200, 3));
        string[] common = ["--hidden", "8", "--epochs", "5", "--seed", "7", "--validation", "0.2"];
        Assert.Equal(
            0,
            CliRunner.Run(["train", data, "-o", folder.File("a.mlp"), .. common]).ExitCode
        );
        Assert.Equal(
            0,
            CliRunner.Run(["train", data, "-o", folder.File("b.mlp"), .. common]).ExitCode
        );
        Assert.Equal(
            0,
            CliRunner
                .Run(["train", data, "-o", folder.File("c.mlp"), "--threads", "1", .. common])
                .ExitCode
        );
        Assert.Equal(
            0,
            CliRunner
                .Run([
                    "train",
                    data,
                    "-o",
                    folder.File("d.mlp"),
                    "--seed",
                    "8",
                    "--hidden",
                    "8",
                    "--epochs",
                    "5",
                ])
                .ExitCode
        );
        var a = File.ReadAllBytes(folder.File("a.mlp"));
        Assert.Equal(a, File.ReadAllBytes(folder.File("b.mlp")));
        Assert.Equal(a, File.ReadAllBytes(folder.File("c.mlp")));
        Assert.NotEqual(a, File.ReadAllBytes(folder.File("d.mlp")));
    }

    [Fact]
    public void Predict_reads_stdin_matches_columns_by_name_and_keeps_inputs()
    {
        using var folder = new TempFolder();
        string data = folder.Write("binary.csv", Generated.BinaryWithText(100, 4));
        string model = folder.File("m.mlp");
        Assert.Equal(0, CliRunner.Run("train", data, "-o", model, "--epochs", "3").ExitCode);
        // Columns reordered, an extra column, no label: still predicted, by header name.
        string input = "extra,color,x3,x2,x1\nq,red,0.1,5,1.5\nz,blue,-0.2,1,-1\n";
        var result = CliRunner.RunWithInput(input, "predict", model, "-", "--keep");
        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("extra,color,x3,x2,x1,p_yes,label", lines[0]);
        Assert.StartsWith("q,red,0.1,5,1.5,", lines[1]);
        Assert.Equal(3, lines.Length);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void Gradcheck_passes_on_a_trained_model()
    {
        using var folder = new TempFolder();
        string model = folder.File("iris.mlp");
        Assert.Equal(
            0,
            CliRunner
                .Run("train", TestData.Iris, "-o", model, "--hidden", "8,8", "--epochs", "20")
                .ExitCode
        );
        var check = CliRunner.Run("gradcheck", model, TestData.Iris, "--json");
        Assert.Equal(0, check.ExitCode);
        using var report = JsonDocument.Parse(check.Stdout);
        Assert.True(report.RootElement.GetProperty("max_relative_error").GetDouble() < 1e-4);
        Assert.Equal(7, report.RootElement.GetProperty("tensors").GetArrayLength());
    }

    [Fact]
    public void Patience_keeps_the_weights_of_the_best_validation_epoch()
    {
        using var folder = new TempFolder();
        string data = folder.Write("binary.csv", Generated.BinaryWithText(300, 5));
        string history = folder.File("history.csv");
        var train = CliRunner.Run(
            "train",
            data,
            "-o",
            folder.File("m.mlp"),
            "--validation",
            "0.3",
            "--patience",
            "3",
            "--epochs",
            "300",
            "--lr",
            "0.05",
            "--hidden",
            "64",
            "--history",
            history,
            "--json"
        );
        Assert.Equal(0, train.ExitCode);
        using var summary = JsonDocument.Parse(train.Stdout);
        var root = summary.RootElement;
        var lines = File.ReadAllLines(history);
        Assert.Equal("epoch,train_loss,val_loss,metric,seconds,lr", lines[0]);
        var validationLosses = lines
            .Skip(1)
            .Select(l => double.Parse(l.Split(',')[2], CultureInfo.InvariantCulture))
            .ToArray();
        Assert.Equal(root.GetProperty("epochs_run").GetInt32(), validationLosses.Length);
        Assert.True(validationLosses.Length < 300);
        Assert.Equal(validationLosses.Min(), root.GetProperty("val_loss").GetDouble(), 12);
        int best = Array.IndexOf(validationLosses, validationLosses.Min()) + 1;
        Assert.Equal(validationLosses.Length - 3, best);
    }
}
