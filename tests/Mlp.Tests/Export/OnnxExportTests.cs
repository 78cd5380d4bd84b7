using System.Globalization;
using Mlp.Tests.EndToEnd;
using Xunit.Abstractions;

namespace Mlp.Tests.Export;

/// <summary>
/// Every exported model run in ONNX Runtime gives mlp predict's numbers on the same rows:
/// probabilities within 1e-5 and the same labels, regression within 1e-5 relative.
/// </summary>
public class OnnxExportTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    public static TheoryData<string, string> Binary() =>
        new()
        {
            { "relu", "16" },
            { "tanh", "16,8" },
            { "sigmoid", "12" },
            { "leaky-relu", "16" },
            { "identity", "8" },
            { "gelu", "16,8" },
            { "relu", "none" },
        };

    [Theory]
    [MemberData(nameof(Binary))]
    public void Binary_model_with_one_hot_inputs_matches_predict(string activation, string hidden)
    {
        using var folder = new TempFolder();
        string data = folder.Write("d.csv", Generated.BinaryWithText(300, 5));
        var run = ExportAndRun(folder, data, "--activation", activation, "--hidden", hidden);
        Assert.Equal(["x1", "x2", "x3"], run.Features[..3]);
        Assert.Equal(["color=blue", "color=green", "color=red"], run.Features[3..].Order());
        AssertClassesMatch(run, [$"p_{run.Classes[1]}", "label"]);
    }

    public static TheoryData<string, string> Multiclass() =>
        new()
        {
            { "relu", "16" },
            { "tanh", "8,8" },
            { "gelu", "16" },
            { "sigmoid", "none" },
        };

    [Theory]
    [MemberData(nameof(Multiclass))]
    public void Multiclass_model_matches_predict(string activation, string hidden)
    {
        using var folder = new TempFolder();
        var run = ExportAndRun(
            folder,
            TestData.Iris,
            "--activation",
            activation,
            "--hidden",
            hidden
        );
        Assert.Equal(["setosa", "versicolor", "virginica"], run.Classes);
        AssertClassesMatch(run, ["p_setosa", "p_versicolor", "p_virginica", "label"]);
    }

    [Theory]
    [InlineData("16")]
    [InlineData("8,6")]
    [InlineData("none")]
    public void An_ensemble_exports_as_the_one_network_it_is(string hidden)
    {
        using var folder = new TempFolder();
        var run = ExportAndRun(folder, TestData.Iris, "--hidden", hidden, "--ensemble", "3");
        AssertClassesMatch(run, ["p_setosa", "p_versicolor", "p_virginica", "label"]);
    }

    public static TheoryData<string, string> Regression() =>
        new()
        {
            { "relu", "16" },
            { "tanh", "16,8" },
            { "leaky-relu", "8" },
            { "gelu", "16" },
            { "identity", "none" },
        };

    [Theory]
    [MemberData(nameof(Regression))]
    public void Regression_model_matches_predict_in_target_units(string activation, string hidden)
    {
        using var folder = new TempFolder();
        string data = folder.Write("r.csv", Generated.Regression(300, 3));
        var run = ExportAndRun(folder, data, "--activation", activation, "--hidden", hidden);
        AssertRegressionMatches(run);
    }

    [Fact]
    public void Unstandardized_regression_matches_predict()
    {
        using var folder = new TempFolder();
        string data = folder.Write("r.csv", Generated.Regression(200, 4));
        AssertRegressionMatches(ExportAndRun(folder, data, "--no-standardize", "--hidden", "8"));
    }

    [Theory]
    [InlineData("median")]
    [InlineData("auto")] // the default: missing indicators and a text column's (missing) category
    public void Missing_values_are_imputed_in_the_graph_as_predict_imputes_them(string rule)
    {
        using var folder = new TempFolder();
        var lines = Generated.BinaryWithText(200, 8).Split('\n');
        for (int r = 1; r < lines.Length; r += 7)
        {
            var cells = lines[r].Split(',');
            if (cells.Length == 5)
            {
                cells[r % 4] = "";
                lines[r] = string.Join(',', cells);
            }
        }
        string data = folder.Write("m.csv", string.Join('\n', lines));
        var run = ExportAndRun(folder, data, "--missing", rule, "--hidden", "8");
        AssertClassesMatch(run, [$"p_{run.Classes[1]}", "label"]);
    }

    [Fact]
    public void Log_transformed_heavy_tailed_inputs_match_predict_even_below_zero()
    {
        using var folder = new TempFolder();
        var random = new Random(3);
        var lines = new List<string> { "period,distance,noise,y" };
        for (int r = 0; r < 300; r++)
        {
            double period = Math.Exp(random.NextDouble() * 12 - 2); // 0.14 to 22,000
            double distance = Math.Exp(random.NextDouble() * 6);
            double noise = random.NextDouble() * 2 - 1;
            int y = Math.Log(period) + 0.3 * noise > 4 ? 1 : 0;
            lines.Add(FormattableString.Invariant($"{period},{distance},{noise},{y}"));
        }
        string train = folder.Write("t.csv", string.Join('\n', lines) + "\n");
        string model = folder.File("m.mlp");
        Assert.Equal(
            0,
            CliRunner.Run("train", train, "-o", model, "--epochs", "15", "-q").ExitCode
        );
        var info = CliRunner.Run("info", model);
        Assert.Contains("period", info.Stdout);
        Assert.Contains("log(1 + x / ", info.Stdout);
        // Rows the training never saw: negative and zero values of the logged columns, and huge ones.
        string data = folder.Write(
            "d.csv",
            "period,distance,noise,y\n-5,-1,0,0\n0,0,0.5,1\n1e9,3,-0.2,1\n0.001,1e6,0.1,0\n"
                + string.Join('\n', lines.Skip(1).Take(50))
                + "\n"
        );
        string onnx = folder.File("m.onnx");
        Assert.Equal(0, CliRunner.Run("export", model, "-o", onnx).ExitCode);
        var predicted = CliRunner.Run("predict", model, data);
        Assert.Equal(0, predicted.ExitCode);
        using var session = new OnnxRuntimeRun(onnx);
        AssertClassesMatch(
            new Exported(
                data,
                predicted.Stdout,
                onnx,
                session.List("features"),
                session.List("classes")
            ),
            ["p_1", "label"]
        );
    }

    private sealed record Exported(
        string Data,
        string Predictions,
        string Onnx,
        string[] Features,
        string[] Classes
    );

    /// <summary>Trains on <paramref name="data"/>, exports, and predicts the same rows with mlp.</summary>
    private static Exported ExportAndRun(TempFolder folder, string data, params string[] options)
    {
        string model = folder.File("m.mlp");
        string onnx = folder.File("m.onnx");
        string[] train = ["train", data, "-o", model, "--epochs", "15", "--quiet", .. options];
        Assert.Equal(0, CliRunner.Run(train).ExitCode);
        var export = CliRunner.Run("export", model, "-o", onnx);
        Assert.True(export.ExitCode == 0, export.Stderr);
        var predicted = CliRunner.Run("predict", model, data);
        Assert.Equal(0, predicted.ExitCode);
        using var session = new OnnxRuntimeRun(onnx);
        return new Exported(
            data,
            predicted.Stdout,
            onnx,
            session.List("features"),
            session.List("classes")
        );
    }

    private static string[][] Rows(string csv) =>
        csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',')).ToArray();

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private void AssertClassesMatch(Exported run, string[] header)
    {
        using var session = new OnnxRuntimeRun(run.Onnx);
        var input = session.Encode(run.Data);
        var probabilities = session.Run<float>(input, "probabilities")["probabilities"];
        var labels = session.Run<long>(input, "label")["label"];
        var predicted = Rows(run.Predictions);
        Assert.Equal(header, predicted[0]);
        int classes = run.Classes.Length;
        Assert.Equal([predicted.Length - 1, classes], probabilities.Dimensions.ToArray());
        double largest = 0;
        for (int r = 1; r < predicted.Length; r++)
        {
            var row = predicted[r];
            if (classes == 2)
            {
                double p = Number(row[0]);
                largest = Math.Max(largest, Math.Abs(probabilities[r - 1, 1] - p));
                largest = Math.Max(largest, Math.Abs(probabilities[r - 1, 0] - (1 - p)));
            }
            else
            {
                for (int c = 0; c < classes; c++)
                {
                    largest = Math.Max(largest, Math.Abs(probabilities[r - 1, c] - Number(row[c])));
                }
            }
            Assert.Equal(row[^1], run.Classes[labels[r - 1]]);
        }
        output.WriteLine($"largest probability gap {largest:E2}");
        Assert.InRange(largest, 0, Tolerance);
    }

    private void AssertRegressionMatches(Exported run)
    {
        using var session = new OnnxRuntimeRun(run.Onnx);
        Assert.Empty(run.Classes);
        Assert.Equal(["prediction"], session.OutputNames);
        var prediction = session.Run<float>(session.Encode(run.Data), "prediction")["prediction"];
        var predicted = Rows(run.Predictions);
        Assert.Equal(["prediction"], predicted[0]);
        double largest = 0;
        for (int r = 1; r < predicted.Length; r++)
        {
            double expected = Number(predicted[r][0]);
            double relative =
                Math.Abs(prediction[r - 1, 0] - expected) / Math.Max(1, Math.Abs(expected));
            largest = Math.Max(largest, relative);
        }
        output.WriteLine($"largest relative gap {largest:E2}");
        Assert.InRange(largest, 0, Tolerance);
    }
}
