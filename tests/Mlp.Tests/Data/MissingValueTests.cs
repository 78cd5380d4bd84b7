using Mlp.Cli.Data;

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
        var refused = CliRunner.Run("train", data, "-o", model, "--missing-category", "--quiet");
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
}
