using System.Globalization;
using System.Text.Json;
using Mlp.Model;
using Mlp.Tests.EndToEnd;

namespace Mlp.Tests.Model;

/// <summary>The heavy-tailed input transform: its values and inverse by hand, the rule that picks a column, and the fit a trained model stores.</summary>
public class LogTransformTests
{
    [Theory]
    [InlineData(0, 10, 0)]
    [InlineData(10, 10, 0.6931471805599453)] // log 2
    [InlineData(90, 10, 2.302585092994046)] // log 10
    [InlineData(-5, 10, -0.5)] // the line x / s below 0
    [InlineData(1e300, 1, 690.7755278982137)]
    public void Values_by_hand(double x, double scale, double expected)
    {
        Assert.Equal(expected, LogTransform.Apply(x, scale), 12);
        Assert.Equal(
            x,
            LogTransform.Invert(LogTransform.Apply(x, scale), scale),
            Math.Abs(x) * 1e-12 + 1e-12
        );
    }

    [Theory]
    [InlineData(new[] { 1.0, 2, 3, 4, 100 }, 3)] // largest 100 > 20 × median 3
    [InlineData(new[] { 1.0, 2, 3, 4, 60 }, 0)] // 60 = 20 × 3: not over
    [InlineData(new[] { 1.0, 2, 3, 4, 61 }, 3)]
    [InlineData(new[] { 1.0, 2, 4, 5 }, 0)] // median 3 (between 2 and 4), largest 5
    [InlineData(new[] { 1.0, 2, 4, 500 }, 3)]
    [InlineData(new[] { -1.0, 2, 3, 4, 1000 }, 0)] // a negative value
    [InlineData(new[] { 0.0, 0, 0, 1, 1000 }, 0)] // median 0 (a mostly-zero column)
    [InlineData(new[] { 0.0, 1 }, 0)] // binary
    public void The_rule_picks_non_negative_columns_far_above_their_median(
        double[] values,
        double scale
    )
    {
        // Stored as float deviations from an origin, as the data set stores a column.
        const double origin = 2;
        float[] deviations = [.. values.Select(v => (float)(v - origin))];
        int[] rows = [.. Enumerable.Range(0, values.Length)];
        Assert.Equal(scale, LogTransform.Scale(deviations, origin, rows), 9);
    }

    /// <summary>
    /// The rule on random columns (odd and even lengths, ties, zeros, tails of every weight)
    /// against the rule read off the sorted values, so the pass that rules columns out before
    /// sorting never rules out one that qualifies.
    /// </summary>
    [Fact]
    public void The_rule_matches_the_sorted_values_on_random_columns()
    {
        var random = new Random(17);
        int heavy = 0;
        for (int trial = 0; trial < 3000; trial++)
        {
            int n = 1 + random.Next(40);
            double tail = Math.Pow(10, random.NextDouble() * 4);
            double[] values =
            [
                .. Enumerable
                    .Range(0, n)
                    .Select(_ =>
                        random.Next(4) switch
                        {
                            0 => 0,
                            1 => random.Next(3),
                            2 => random.NextDouble() * tail,
                            _ => random.NextDouble() - 0.02,
                        }
                    ),
            ];
            float[] column = [.. values.Select(v => (float)v)];
            double[] sorted = [.. column.Select(v => (double)v).Order()];
            double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
            double expected = sorted[0] >= 0 && median > 0 && sorted[^1] > 20 * median ? median : 0;
            heavy += expected > 0 ? 1 : 0;
            Assert.Equal(expected, LogTransform.Scale(column, 0, [.. Enumerable.Range(0, n)]));
        }
        Assert.InRange(heavy, 100, 2900);
    }

    [Fact]
    public void Only_the_training_rows_choose_and_fit_the_transform()
    {
        float[] column = [1, 2, 3, 4, 1000, -50];
        Assert.Equal(3, LogTransform.Scale(column, 0, [0, 1, 2, 3, 4]));
        Assert.Equal(0, LogTransform.Scale(column, 0, [0, 1, 2, 3, 4, 5]));
        var (mean, std) = Standardization.FitLogged(column, 0, 3, [0, 1, 2, 3, 4]);
        double[] t = [.. new[] { 1.0, 2, 3, 4, 1000 }.Select(x => Math.Log(1 + x / 3))];
        double expectedMean = t.Average();
        double expectedStd = Math.Sqrt(
            t.Select(v => (v - expectedMean) * (v - expectedMean)).Average()
        );
        Assert.Equal(expectedMean, mean, 12);
        Assert.Equal(expectedStd, std, 12);
    }

    [Fact]
    public void Standardization_applies_the_log_then_the_mean_and_std_and_inverts()
    {
        var scaling = new Standardization([1.5, 10], [2, 4], [3, 0]);
        Assert.Equal((Math.Log(1 + 9 / 3.0) - 1.5) / 2, scaling.ToStandard(9, 0), 12);
        Assert.Equal((9 - 10) / 4.0, scaling.ToStandard(9, 1), 12);
        Assert.Equal(9, scaling.FromStandard(scaling.ToStandard(9, 0), 0), 9);
        Assert.Equal(-2, scaling.FromStandard(scaling.ToStandard(-2, 0), 0), 9);
        float[] deviations = [7, -11]; // origin 2: x = 9 and −9
        scaling.ToStandard(deviations, 2, 0);
        Assert.Equal((float)scaling.ToStandard(9, 0), deviations[0]);
        Assert.Equal((float)((-9 / 3.0 - 1.5) / 2), deviations[1]);
    }

    [Fact]
    public void A_trained_model_stores_the_fit_and_predicts_as_an_independent_forward_pass()
    {
        using var folder = new TempFolder();
        var random = new Random(11);
        var lines = new List<string> { "size,level,y" };
        var sizes = new List<double>();
        for (int r = 0; r < 201; r++)
        {
            double size = Math.Round(Math.Exp(random.NextDouble() * 10), 4); // 1 to 22,000
            double level = Math.Round(random.NextDouble() * 4 - 2, 4);
            sizes.Add(size);
            lines.Add(FormattableString.Invariant($"{size},{level},{Math.Log(size) + level}"));
        }
        string data = folder.Write("d.csv", string.Join('\n', lines) + "\n");
        string model = folder.File("m.mlp");
        var train = CliRunner.Run("train", data, "-o", model, "--epochs", "10", "--json");
        Assert.Equal(0, train.ExitCode);
        var chosen = JsonDocument.Parse(train.Stdout).RootElement.GetProperty("chosen");
        Assert.Equal(
            ["size"],
            chosen
                .GetProperty("log_inputs")
                .GetProperty("columns")
                .EnumerateArray()
                .Select(e => e.GetString())
        );
        var weights = CliRunner.Run("weights", model).Stdout;
        var scaling = JsonDocument.Parse(weights).RootElement.GetProperty("input_scaling");
        double median = sizes.Order().ElementAt(100); // 201 rows, every one a training row
        double[] t = [.. sizes.Select(x => Math.Log(1 + x / median))];
        double mean = t.Average();
        // The data set keeps a column as float32 deviations from a double origin: 1e-7 relative.
        Assert.Equal(median, scaling.GetProperty("log_scale")[0].GetDouble(), median * 1e-6);
        Assert.Equal(0, scaling.GetProperty("log_scale")[1].GetDouble());
        Assert.Equal(mean, scaling.GetProperty("mean")[0].GetDouble(), 1e-6);
        Assert.Equal(
            Math.Sqrt(t.Select(v => (v - mean) * (v - mean)).Average()),
            scaling.GetProperty("std")[0].GetDouble(),
            1e-6
        );

        string unseen = folder.Write("u.csv", "size,level\n-3,0\n0,1\n5e7,-1\n12.5,0.5\n");
        var predict = CliRunner.Run("predict", model, unseen);
        Assert.Equal(0, predict.ExitCode);
        new IndependentForward(weights).AssertRegressionMatches(
            File.ReadAllText(unseen),
            predict.Stdout,
            1e-4,
            floor: 1
        );
        var plain = CliRunner.Run(
            "train",
            data,
            "-o",
            folder.File("p.mlp"),
            "--epochs",
            "10",
            "--no-log-inputs",
            "--json"
        );
        Assert.Empty(
            JsonDocument
                .Parse(plain.Stdout)
                .RootElement.GetProperty("chosen")
                .GetProperty("log_inputs")
                .GetProperty("columns")
                .EnumerateArray()
        );
        Assert.Equal(
            2,
            CliRunner.Run("train", data, "--no-standardize", "--no-log-inputs").ExitCode
        );
    }
}
