using System.Globalization;
using System.Text.Json;

namespace Mlp.Tests.Explain;

/// <summary>
/// `importance --method all`: each column is that method's own importance over the sum of its
/// absolute values (recomputed here from the single-method runs, signs kept), the rows follow
/// the first method's ranking, and the header says both.
/// </summary>
public sealed class MethodComparisonTests
{
    [Fact]
    public void Every_method_is_its_own_importance_scaled_to_absolute_sum_1_and_rows_follow_permutation()
    {
        using var folder = new TempFolder();
        string model = folder.File("m.mlp");
        Assert.Equal(
            0,
            CliRunner
                .Run("train", TestData.Iris, "-o", model, "--epochs", "5", "--hidden", "8")
                .ExitCode
        );
        string[] common = ["importance", model, TestData.Iris, "--rows", "40"];
        var all = CliRunner.Run([.. common, "--method", "all", "--format", "csv"]);
        Assert.Equal(0, all.ExitCode);
        var lines = all.Stdout.TrimEnd('\n').Split('\n');
        var header = lines[0].Split(',');
        var rows = lines[1..].Select(l => l.Split(',')).ToArray();
        foreach (string method in new[] { "permutation", "olden", "integrated-gradients" })
        {
            var single = JsonDocument
                .Parse(CliRunner.Run([.. common, "--method", method, "--json"]).Stdout)
                .RootElement.GetProperty("features")
                .EnumerateArray()
                .ToDictionary(
                    f => f.GetProperty("name").GetString()!,
                    f => f.GetProperty("importance").GetDouble()
                );
            double total = single.Values.Sum(Math.Abs);
            int column = Array.IndexOf(header, method);
            foreach (var row in rows)
            {
                double shown = double.Parse(row[column], CultureInfo.InvariantCulture);
                Assert.True(
                    Math.Abs(single[row[0]] / total - shown) <= 1e-5,
                    $"{method}, {row[0]}: {shown} against {single[row[0]] / total}"
                );
            }
        }
        int rank = Array.IndexOf(header, "permutation_rank");
        Assert.Equal(
            Enumerable.Range(1, rows.Length),
            rows.Select(r => int.Parse(r[rank], CultureInfo.InvariantCulture))
        );
        string text = CliRunner.Run([.. common, "--method", "all"]).Stdout;
        Assert.StartsWith(
            "importance by every method, each scaled so its absolute values sum to 1 (signs kept); rows ranked by permutation",
            text
        );
    }
}
