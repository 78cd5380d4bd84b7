using System.Text.Json;
using Mlp.Tests.Plot;

namespace Mlp.Tests.EndToEnd;

/// <summary>`mlp pdp` and `mlp interactions` as a user runs them.</summary>
public class DependenceCommandTests
{
    private static (TempFolder Folder, string Data, string Model) Trained(string csv, string hidden)
    {
        var folder = new TempFolder();
        string data = folder.Write("data.csv", csv);
        string model = folder.File("m.mlp");
        var train = CliRunner.Run(
            "train",
            data,
            "-o",
            model,
            "--hidden",
            hidden,
            "--epochs",
            "60",
            "--quiet"
        );
        Assert.Equal(0, train.ExitCode);
        return (folder, data, model);
    }

    [Fact]
    public void Pdp_json_follows_the_contract_for_one_and_two_features()
    {
        var (folder, data, model) = Trained(Generated.BinaryWithText(300, 4), "8");
        using (folder)
        {
            var one = CliRunner.Run(
                "pdp",
                model,
                data,
                "--features",
                "x1",
                "--grid",
                "7",
                "--json"
            );
            Assert.Equal(0, one.ExitCode);
            using (var json = JsonDocument.Parse(one.Stdout))
            {
                var root = json.RootElement;
                Assert.Equal("mlp-pdp/1", root.GetProperty("format").GetString());
                Assert.Equal(
                    ["x1"],
                    root.GetProperty("features").EnumerateArray().Select(f => f.GetString())
                );
                Assert.Equal(7, root.GetProperty("grid")[0].GetArrayLength());
                Assert.Equal(7, root.GetProperty("average").GetArrayLength());
                Assert.Equal(JsonValueKind.Null, root.GetProperty("individual").ValueKind);
                Assert.Equal("P(label = yes)", root.GetProperty("function").GetString());
                // x1 raises P(yes) in the data's rule: the curve climbs from end to end.
                var average = root.GetProperty("average")
                    .EnumerateArray()
                    .Select(v => v.GetDouble())
                    .ToArray();
                Assert.True(average[^1] > average[0] + 0.3, string.Join(", ", average));
            }
            var two = CliRunner.Run(
                "pdp",
                model,
                data,
                "--features",
                "x2,color",
                "--grid",
                "4",
                "--kind",
                "both",
                "--format",
                "json"
            );
            Assert.Equal(0, two.ExitCode);
            using (var json = JsonDocument.Parse(two.Stdout))
            {
                var root = json.RootElement;
                Assert.Equal(
                    ["blue", "green", "red"],
                    root.GetProperty("grid")[1].EnumerateArray().Select(v => v.GetString())
                );
                Assert.Equal(4, root.GetProperty("average").GetArrayLength());
                Assert.Equal(3, root.GetProperty("average")[0].GetArrayLength());
                var individual = root.GetProperty("individual");
                Assert.Equal(300, individual.GetArrayLength());
                Assert.Equal(3, individual[0][3].GetArrayLength());
                // The average is the mean of the rows' curves at every grid point.
                double mean = individual.EnumerateArray().Average(row => row[2][1].GetDouble());
                Assert.Equal(mean, root.GetProperty("average")[2][1].GetDouble(), 1e-9);
            }
        }
    }

    [Fact]
    public void Pdp_csv_has_a_line_per_grid_point_and_a_column_per_curve_and_the_plot_is_drawn()
    {
        var (folder, data, model) = Trained(Generated.BinaryWithText(120, 5), "6");
        using (folder)
        {
            string plot = folder.File("pdp.svg");
            var result = CliRunner.Run(
                "pdp",
                model,
                data,
                "--features",
                "x1",
                "--grid",
                "5",
                "--kind",
                "both",
                "--centered",
                "--format",
                "csv",
                "--plot",
                plot
            );
            Assert.Equal(0, result.ExitCode);
            var lines = result.Stdout.TrimEnd('\n').Split('\n');
            Assert.Equal(6, lines.Length);
            var header = lines[0].Split(',');
            Assert.Equal(["x1", "average", "row_1"], header[..3]);
            Assert.Equal(2 + 120, header.Length);
            Assert.All(
                lines[1].Split(',')[1..],
                v =>
                    Assert.Equal(
                        0,
                        double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)
                    )
            );
            var (_, text) = Pictures.ParseSvg(File.ReadAllBytes(plot));
            Assert.Contains("Partial dependence and ICE curves of P(label = yes) on x1", text);
            Assert.Contains("100 of 120 rows", text);
            Assert.Contains("deciles of x1", text);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void H_statistic_finds_the_product_pair_on_y_equals_x1_x2_plus_x3(bool classes)
    {
        var (folder, data, model) = Trained(Generated.Product(1500, 3, classes), "24");
        using (folder)
        {
            string plot = folder.File("h.png");
            var result = CliRunner.Run(
                "interactions",
                model,
                data,
                "--rows",
                "200",
                "--json",
                "--plot",
                plot
            );
            Assert.Equal(0, result.ExitCode);
            using var json = JsonDocument.Parse(result.Stdout);
            var root = json.RootElement;
            Assert.Equal("mlp-interactions/1", root.GetProperty("format").GetString());
            var pairs = root.GetProperty("pairs").EnumerateArray().ToArray();
            Assert.Equal(6, pairs.Length);
            Assert.Equal(
                ("x1", "x2"),
                (pairs[0].GetProperty("a").GetString(), pairs[0].GetProperty("b").GetString())
            );
            double top = pairs[0].GetProperty("value").GetDouble();
            Assert.True(top > 0.3, $"H²(x1, x2) = {top}");
            // H² is a share: an unused x4 beside x1 (whose own effect averages out) can take a
            // fair share of almost nothing, but stays well below the product pair.
            Assert.All(
                pairs[1..],
                p => Assert.True(p.GetProperty("value").GetDouble() < top / 2, p.ToString())
            );
            if (!classes)
            {
                // Its size (in f's units) dwarfs every other pair's (the classifier's link
                // function makes x3 interact a little with x1 and x2).
                double topSize = pairs[0].GetProperty("size").GetDouble();
                Assert.All(
                    pairs[1..],
                    p => Assert.True(p.GetProperty("size").GetDouble() < topSize / 4, p.ToString())
                );
            }
            using var image = Pictures.DecodePng(File.ReadAllBytes(plot));
            Assert.True(image.Width > 400);
        }
    }

    [Fact]
    public void Shap_interaction_values_add_up_per_row()
    {
        var (folder, data, model) = Trained(Generated.Product(400, 8, classes: false), "12");
        using (folder)
        {
            var result = CliRunner.Run(
                "interactions",
                model,
                data,
                "--method",
                "shap",
                "--rows",
                "30",
                "--background",
                "20",
                "--json"
            );
            Assert.Equal(0, result.ExitCode);
            using var json = JsonDocument.Parse(result.Stdout);
            var root = json.RootElement;
            Assert.True(root.GetProperty("completeness_gap").GetProperty("max").GetDouble() < 1e-5);
            var values = root.GetProperty("values");
            Assert.Equal(30, values.GetArrayLength());
            Assert.Equal(4, values[0].GetArrayLength());
            Assert.Equal(
                ("x1", "x2"),
                (
                    root.GetProperty("pairs")[0].GetProperty("a").GetString(),
                    root.GetProperty("pairs")[0].GetProperty("b").GetString()
                )
            );
        }
    }

    [Fact]
    public void A_feature_with_one_value_in_the_rows_still_gets_a_picture()
    {
        var (folder, data, model) = Trained(Generated.BinaryWithText(80, 6), "4");
        using (folder)
        {
            var lines = File.ReadAllLines(data);
            string constant = folder.Write(
                "constant.csv",
                string.Join(
                    '\n',
                    lines.Select((l, i) => i == 0 ? l : "0.5," + l[(l.IndexOf(',') + 1)..])
                ) + "\n"
            );
            string two = folder.File("two.png");
            string one = folder.File("one.png");
            Assert.Equal(
                0,
                CliRunner.Run("pdp", model, constant, "--features", "x1,x2", "--plot", two).ExitCode
            );
            Assert.Equal(
                0,
                CliRunner
                    .Run(
                        "pdp",
                        model,
                        constant,
                        "--features",
                        "x1",
                        "--kind",
                        "both",
                        "--plot",
                        one
                    )
                    .ExitCode
            );
            // The heatmap fills its plot: many shades of the colour scale, not an empty frame.
            using var heatmap = Pictures.DecodePng(File.ReadAllBytes(two));
            Assert.True(
                Pictures.DistinctColors(heatmap) > 100,
                $"{Pictures.DistinctColors(heatmap)} colours"
            );
            var centre = heatmap.GetPixel(heatmap.Width / 2 - 60, heatmap.Height / 2);
            Assert.False(
                centre.Red == 255 && centre.Green == 255 && centre.Blue == 255,
                "the plot's centre is blank"
            );
        }
    }

    [Fact]
    public void Ice_curves_that_would_not_fit_in_memory_are_a_usage_error_before_any_work()
    {
        var (folder, data, model) = Trained(Generated.Product(1500, 2, classes: false), "4");
        using (folder)
        {
            // 1,500 rows × 1,000 × 1,000 grid points: 1.5 billion values, 12 GB.
            var result = CliRunner.Run(
                "pdp",
                model,
                data,
                "--features",
                "x1,x2",
                "--grid",
                "1000",
                "--kind",
                "both"
            );
            Assert.Equal(2, result.ExitCode);
            Assert.Contains(
                "--kind both would keep 1,500 rows × 1,000,000 grid points = 1,500,000,000 ICE values (at most 134,217,728); use fewer --rows or a smaller --grid",
                result.Stderr
            );
            Assert.Equal("", result.Stdout);
        }
    }

    [Theory]
    [InlineData("pdp|M|D|--features|x1,x2,x3", "--features takes one or two feature names")]
    [InlineData(
        "pdp|M|D|--features|nope",
        "--features names \"nope\", which is not a feature of the model"
    )]
    [InlineData("pdp|M|D|--features|x1|--percentiles|0.9,0.1", "--percentiles '0.9,0.1'")]
    [InlineData("pdp|M|D|--features|x1|--grid|1", "--grid must be between 2 and 1000")]
    [InlineData("pdp|M|D|--features|x1|--class|a", "--class applies to multiclass models only")]
    [InlineData(
        "pdp|M|D|--features|x1|--json|--format|csv",
        "--format applies only without --json"
    )]
    [InlineData("interactions|M|D|--background|5", "--background applies only to --method shap")]
    [InlineData("interactions|M|D|--rows|0", "--rows '0' is not a positive number or 'all'")]
    public void Mistakes_are_usage_errors_that_name_the_option(string args, string message)
    {
        var (folder, data, model) = Trained(Generated.BinaryWithText(60, 2), "4");
        using (folder)
        {
            var result = CliRunner.Run([
                .. args.Split('|')
                    .Select(a =>
                        a == "M" ? model
                        : a == "D" ? data
                        : a
                    ),
            ]);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains(message, result.Stderr);
            Assert.Equal("", result.Stdout);
            Assert.DoesNotContain("   at ", result.Stderr);
        }
    }
}
