using Mlp.Data;

namespace Mlp.Tests.Data;

/// <summary>--missing's fill values by hand, and that predict fills a missing value exactly as training did.</summary>
public class MissingValueTests
{
    [Theory]
    [InlineData("mean", 4.0)] // (1 + 2 + 4 + 9) / 4
    [InlineData("median", 3.0)] // (2 + 4) / 2
    [InlineData("most-frequent", 1.0)] // all once: the smallest
    public void Numeric_fill_values(string name, double expected)
    {
        var strategy = MissingValues.Parse(name)!.Value;
        float[] column = [1, float.NaN, 2, 4, 9, float.NaN];
        double fill = MissingValues.FillNumeric(column, origin: 100, strategy);
        Assert.Equal(100 + expected, fill, 12);
        Assert.Equal((float)expected, column[1]);
        Assert.Equal((float)expected, column[5]);
        Assert.Equal(1f, column[0]);
    }

    [Fact]
    public void Most_frequent_takes_the_commonest_value_and_median_of_an_odd_count_the_middle()
    {
        float[] column = [5, 3, float.NaN, 5, 3, 3, 7];
        Assert.Equal(3, MissingValues.FillNumeric([.. column], 0, MissingStrategy.MostFrequent));
        Assert.Equal(4, MissingValues.FillNumeric([.. column], 0, MissingStrategy.Median)); // 3 3 3 5 5 7
        Assert.Equal(5, MissingValues.FillNumeric([5, 9, 1, float.NaN], 0, MissingStrategy.Median));
    }

    [Fact]
    public void Categorical_fill_is_the_shares_for_mean_and_the_commonest_category_otherwise()
    {
        // Categories a, b over five rows: a, b, a, missing, a.
        float[] a = [1, 0, 1, float.NaN, 1],
            b = [0, 1, 0, float.NaN, 0];
        var shares = MissingValues.FillCategorical(
            [
                [.. a],
                [.. b],
            ],
            MissingStrategy.Mean
        );
        Assert.Equal([0.75, 0.25], shares);
        float[] a2 = [.. a],
            b2 = [.. b];
        var mode = MissingValues.FillCategorical([a2, b2], MissingStrategy.MostFrequent);
        Assert.Equal([1.0, 0.0], mode);
        Assert.Equal((1f, 0f), (a2[3], b2[3]));
    }

    private const string Data = "x,c,y\n1,a,0\n2,,1\n,b,0\n4,a,1\n5,b,0\n6,a,1\n,a,0\n8,,1\n";

    private static string Predict(string model, string rows)
    {
        var result = CliRunner.RunWithInput(rows, "predict", model, "-");
        Assert.Equal(0, result.ExitCode);
        return result.Stdout;
    }

    /// <summary>x: 1 2 4 5 6 8 (mean 26/6, median 4.5, most frequent 1); c: a a a a b b (mode a).</summary>
    [Theory]
    [InlineData("mean", "4.333333333333333")]
    [InlineData("median", "4.5")]
    [InlineData("most-frequent", "1")]
    public void Predict_fills_a_missing_value_with_the_training_fill(string strategy, string fill)
    {
        using var folder = new TempFolder();
        string data = folder.Write("d.csv", Data);
        string model = folder.File("m.mlp");
        var train = CliRunner.Run(
            "train",
            data,
            "-o",
            model,
            "--missing",
            strategy,
            "--epochs",
            "3",
            "--quiet"
        );
        Assert.Equal(0, train.ExitCode);
        Assert.Equal(Predict(model, $"x,c\n{fill},a\n"), Predict(model, "x,c\n,a\n"));
        if (strategy != "mean")
        {
            Assert.Equal(Predict(model, "x,c\n3,a\n"), Predict(model, "x,c\n3,NA\n"));
        }
    }

    [Fact]
    public void Missing_category_is_a_category_of_its_own_and_numbers_still_need_a_rule()
    {
        using var folder = new TempFolder();
        string data = folder.Write("d.csv", Data);
        string model = folder.File("m.mlp");
        var refused = CliRunner.Run(
            "train",
            data,
            "-o",
            model,
            "--missing",
            "error",
            "--missing-category",
            "--quiet"
        );
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("missing value (", refused.Stderr);
        Assert.Contains("column \"x\"", refused.Stderr);
        var train = CliRunner.Run(
            "train",
            data,
            "-o",
            model,
            "--missing",
            "median",
            "--missing-category",
            "--epochs",
            "3",
            "--quiet"
        );
        Assert.Equal(0, train.ExitCode);
        Assert.Contains("\"c=(missing)\"", CliRunner.Run("weights", model).Stdout);
        Assert.Equal(Predict(model, "x,c\n3,\n"), Predict(model, "x,c\n3,null\n"));
        Assert.NotEqual(Predict(model, "x,c\n3,\n"), Predict(model, "x,c\n3,a\n"));
    }

    [Fact]
    public void By_default_a_numeric_gap_is_the_median_plus_an_indicator_and_a_text_gap_a_category()
    {
        using var folder = new TempFolder();
        string data = folder.Write("d.csv", Data);
        var warnings = new StringWriter();
        var dataset = DatasetLoader.Load(
            data,
            new DataOptions { Missing = MissingStrategy.Auto },
            warnings: warnings
        );
        Assert.Equal(
            ["x", "x=(missing)", "c=a", "c=b", "c=(missing)"],
            dataset.Schema.FeatureNames
        );
        // x: 1 2 4 5 6 8 present, median 4.5; its column holds deviations from the first value, 1.
        Assert.Equal([4.5, 1, 0, 0, 1], dataset.Schema.Impute!);
        Assert.Equal([0f, 1, 3.5f, 3, 4, 5, 3.5f, 7], dataset.Columns[0]);
        Assert.Equal([0f, 0, 1, 0, 0, 0, 1, 0], dataset.Columns[1]);
        Assert.Equal([0f, 1, 0, 0, 0, 0, 0, 1], dataset.Columns[4]);
        var line = Assert.Single(warnings.ToString().TrimEnd('\n').Split('\n'));
        Assert.StartsWith("mlp: warning: 4 missing values in 2 columns: 1 numeric column", line);
        Assert.Contains("--missing error", line);
        Assert.EndsWith("/d.csv:3, column \"c\")", line);
        Assert.Contains("(first at ", line);
    }

    [Fact]
    public void Predict_encodes_a_gap_as_training_did_computed_by_hand_from_the_weights()
    {
        using var folder = new TempFolder();
        string data = folder.Write("d.csv", Data);
        string model = folder.File("m.mlp");
        var train = CliRunner.Run("train", data, "-o", model, "--epochs", "3", "--hidden", "4");
        Assert.Equal(0, train.ExitCode);
        Assert.Contains("missing-indicator", train.Stderr);
        var weights = System.Text.Json.JsonDocument.Parse(CliRunner.Run("weights", model).Stdout);
        // Inputs x, x=(missing), c=a, c=b, c=(missing).
        (string Row, double[] Inputs)[] cases =
        [
            (",", [4.5, 1, 0, 0, 1]),
            ("3,b", [3, 0, 0, 1, 0]),
            (",a", [4.5, 1, 1, 0, 0]),
            ("7,", [7, 0, 0, 0, 1]),
        ];
        foreach (var (row, inputs) in cases)
        {
            double expected = HandForward(weights.RootElement, inputs);
            double predicted = double.Parse(
                Predict(model, $"x,c\n{row}\n").Split('\n')[1].Split(',')[0],
                System.Globalization.CultureInfo.InvariantCulture
            );
            Assert.Equal(expected, predicted, 5);
        }
        var strict = CliRunner.Run("train", data, "-o", model, "--missing", "error");
        Assert.Equal(1, strict.ExitCode);
        Assert.Contains("/d.csv:4, column \"x\")", strict.Stderr);
    }

    /// <summary>A binary model's probability from the weights JSON: standardize, relu layers, sigmoid.</summary>
    private static double HandForward(System.Text.Json.JsonElement model, double[] inputs)
    {
        var mean = model.GetProperty("input_scaling").GetProperty("mean");
        var std = model.GetProperty("input_scaling").GetProperty("std");
        double[] x = [.. inputs.Select((v, i) => (v - mean[i].GetDouble()) / std[i].GetDouble())];
        var layers = model.GetProperty("layers");
        for (int l = 0; l < layers.GetArrayLength(); l++)
        {
            var layer = layers[l];
            var w = layer.GetProperty("weights");
            var b = layer.GetProperty("biases");
            x =
            [
                .. Enumerable
                    .Range(0, w.GetArrayLength())
                    .Select(o =>
                    {
                        double z = b[o].GetDouble();
                        for (int i = 0; i < x.Length; i++)
                        {
                            z += w[o][i].GetDouble() * x[i];
                        }
                        return l < layers.GetArrayLength() - 1 ? Math.Max(z, 0) : z;
                    }),
            ];
        }
        return 1 / (1 + Math.Exp(-x[0]));
    }

    [Fact]
    public void By_default_a_column_without_any_value_is_left_out_with_a_warning()
    {
        using var folder = new TempFolder();
        string data = folder.Write("d.csv", "x,empty,y\n1,,0\n2,NA,1\n3,,0\n4,,1\n");
        string model = folder.File("m.mlp");
        var train = CliRunner.Run("train", data, "-o", model, "--epochs", "2");
        Assert.Equal(0, train.ExitCode);
        Assert.Contains("the column has no values, so it is left out", train.Stderr);
        Assert.Contains("column \"empty\"", train.Stderr);
        var weights = System.Text.Json.JsonDocument.Parse(CliRunner.Run("weights", model).Stdout);
        Assert.Equal(
            "[\"x\"]",
            weights
                .RootElement.GetProperty("features")
                .GetRawText()
                .Replace("\n", "")
                .Replace(" ", "")
        );
        var strict = CliRunner.Run("train", data, "-o", model, "--missing", "error");
        Assert.Equal(1, strict.ExitCode);
        Assert.Contains("the column has no values", strict.Stderr);
        var nothing = CliRunner.Run("train", folder.Write("e.csv", "a,y\n,0\n,1\n"), "-o", model);
        Assert.Equal(1, nothing.ExitCode);
        Assert.Contains("no feature column has a value", nothing.Stderr);
    }
}
