using System.Globalization;
using System.Text.Json;
using Mlp.Tests.EndToEnd;

namespace Mlp.Tests.Data;

/// <summary>
/// No value is misread: decimal commas are refused with the line and column, numbers are parsed
/// and standardized in double (an offset or a tiny scale loses nothing), a file that is not
/// UTF-8 is refused, and columns that train without error but make little sense are warned about.
/// </summary>
public class ValueReadingTests
{
    private static void AssertError(CliRunner.Result result, params string[] fragments)
    {
        Assert.Equal(1, result.ExitCode);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("mlp: error: ", lines[0]);
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, result.Stderr);
        }
    }

    [Theory]
    [InlineData("a;b;y\n1,5;2;0\n2,25;3;1\n3;1,000;0\n4;5;1\n", "data.csv:2", "\"a\"")]
    [InlineData("a\tb\ty\n1\t2\t0\n2\t3,5\t1\n3\t1\t0\n4\t5\t1\n", "data.csv:3", "\"b\"")]
    [InlineData("a,b,y\n1,2,0\n2,3,1\n3,\"1,000\",0\n4,5,1\n", "data.csv:4", "\"b\"")]
    [InlineData("a;b;y\n1,5;2;0\n2,25;3;1\n3,75;1;0\n4,5;5;1\n", "data.csv:2", "\"a\"")]
    public void A_number_written_with_a_comma_is_an_error_naming_line_and_column(
        string csv,
        string line,
        string column
    )
    {
        using var folder = new TempFolder();
        var result = CliRunner.Run(
            "train",
            folder.Write("data.csv", csv),
            "-o",
            folder.File("m.mlp"),
            "--epochs",
            "1"
        );
        AssertError(result, line, column, "comma", "hint:");
        Assert.False(File.Exists(folder.File("m.mlp")));
    }

    [Fact]
    public void Predict_refuses_a_decimal_comma_too()
    {
        using var folder = new TempFolder();
        string model = folder.File("m.mlp");
        Assert.Equal(
            0,
            CliRunner
                .Run("train", folder.Write("t.csv", Generated.Xor()), "-o", model, "--epochs", "1")
                .ExitCode
        );
        AssertError(
            CliRunner.Run("predict", model, folder.Write("new.csv", "a;b\n0,5;1\n")),
            "new.csv:2",
            "\"a\"",
            "comma"
        );
    }

    /// <summary>Held-out R² of the default network on y = 3 x1 − 2 x2² + sin(3 x3), with x2 mapped by f.</summary>
    private static double HeldOutR2(TempFolder folder, string name, Func<double, double> f)
    {
        string train = folder.Write(
            $"{name}_train.csv",
            Generated.MapColumn(Generated.Regression(800, 1), 1, f)
        );
        string test = folder.Write(
            $"{name}_test.csv",
            Generated.MapColumn(Generated.Regression(300, 2), 1, f)
        );
        string model = folder.File($"{name}.mlp");
        var trained = CliRunner.Run("train", train, "-o", model, "--epochs", "40");
        Assert.Equal(0, trained.ExitCode);
        Assert.DoesNotContain("warning", trained.Stderr);
        var eval = CliRunner.Run("eval", model, test, "--json");
        Assert.Equal(0, eval.ExitCode);
        return JsonDocument
            .Parse(eval.Stdout)
            .RootElement.GetProperty("metrics")
            .GetProperty("r2")
            .GetDouble();
    }

    [Fact]
    public void A_column_on_a_large_offset_or_at_a_tiny_scale_trains_as_well_as_the_plain_column()
    {
        using var folder = new TempFolder();
        double plain = HeldOutR2(folder, "plain", x => x);
        double offset = HeldOutR2(folder, "offset", x => x + 1e9);
        double tiny = HeldOutR2(folder, "tiny", x => x * 1e-14);
        Assert.True(plain > 0.9, $"plain R² {plain}");
        Assert.True(Math.Abs(offset - plain) < 0.01, $"offset R² {offset} vs {plain}");
        Assert.True(Math.Abs(tiny - plain) < 0.01, $"tiny-scale R² {tiny} vs {plain}");
    }

    [Fact]
    public void The_model_keeps_the_offset_column_mean_in_double()
    {
        using var folder = new TempFolder();
        string csv = "x,y\n1000000000.25,0\n1000000000.75,1\n1000000001.25,0\n1000000001.75,1\n";
        string model = folder.File("m.mlp");
        Assert.Equal(
            0,
            CliRunner
                .Run("train", folder.Write("d.csv", csv), "-o", model, "--epochs", "1")
                .ExitCode
        );
        var scaling = JsonDocument
            .Parse(CliRunner.Run("weights", model).Stdout)
            .RootElement.GetProperty("input_scaling");
        // mean 1000000001 and population std √0.3125 — in float32 the mean would be 1000000000.
        Assert.Equal(1000000001.0, scaling.GetProperty("mean")[0].GetDouble());
        Assert.Equal(Math.Sqrt(0.3125), scaling.GetProperty("std")[0].GetDouble(), precision: 12);
    }

    [Fact]
    public void Predictions_on_offset_data_match_the_plain_models_predictions()
    {
        using var folder = new TempFolder();
        string plainData = Generated.Influence(400, 3);
        string offsetData = Generated.MapColumn(plainData, 0, x => x + 1e9);
        string plainModel = folder.File("plain.mlp");
        string offsetModel = folder.File("offset.mlp");
        foreach (var (data, model) in new[] { (plainData, plainModel), (offsetData, offsetModel) })
        {
            var path = folder.Write(Path.GetFileNameWithoutExtension(model) + ".csv", data);
            Assert.Equal(0, CliRunner.Run("train", path, "-o", model, "--epochs", "5").ExitCode);
        }
        var plain = CliRunner.Run("predict", plainModel, folder.File("plain.csv")).Stdout;
        var offset = CliRunner.Run("predict", offsetModel, folder.File("offset.csv")).Stdout;
        var p = plain.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();
        var o = offset.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();
        Assert.Equal(p.Length, o.Length);
        for (int i = 0; i < p.Length; i++)
        {
            double a = double.Parse(p[i].Split(',')[0], CultureInfo.InvariantCulture);
            double b = double.Parse(o[i].Split(',')[0], CultureInfo.InvariantCulture);
            Assert.True(Math.Abs(a - b) < 1e-4, $"row {i}: {a} vs {b}");
        }
    }

    [Fact]
    public void A_file_that_is_not_utf8_is_an_error_naming_the_line()
    {
        using var folder = new TempFolder();
        var latin1 =
            "city,x,y\nParis,1,0\nM\u00e1laga,2,1\nRome,3,0\nM\u00e1laga,4,1\n"u8.ToArray();
        // Windows-1252: "á" is the single byte 0xE1.
        var bytes = System.Text.Encoding.Latin1.GetBytes(
            System.Text.Encoding.UTF8.GetString(latin1)
        );
        string path = folder.File("w.csv");
        File.WriteAllBytes(path, bytes);
        AssertError(
            CliRunner.Run("train", path, "-o", folder.File("m.mlp"), "--epochs", "1"),
            "not valid UTF-8",
            "w.csv:3",
            "\"city\"",
            "iconv"
        );
        string header = folder.File("h.csv");
        File.WriteAllBytes(
            header,
            System.Text.Encoding.Latin1.GetBytes("pr\u00e9cision,y\n1,0\n2,1\n")
        );
        AssertError(
            CliRunner.Run("train", header, "-o", folder.File("m.mlp"), "--epochs", "1"),
            "not valid UTF-8",
            "h.csv:1"
        );
    }

    [Fact]
    public void Constant_id_like_and_date_like_columns_are_warned_about_and_plain_ones_are_not()
    {
        using var folder = new TempFolder();
        var csv = new System.Text.StringBuilder("id,day,const,color,x,y\n");
        for (int i = 0; i < 60; i++)
        {
            csv.Append(
                CultureInfo.InvariantCulture,
                $"r{i},2024-03-{i % 28 + 1:00},7,{(i % 3 == 0 ? "red" : "blue")},{i * 0.1},{i % 2}\n"
            );
        }
        var result = CliRunner.Run(
            "train",
            folder.Write("d.csv", csv.ToString()),
            "-o",
            folder.File("m.mlp"),
            "--epochs",
            "1"
        );
        Assert.Equal(0, result.ExitCode);
        var warnings = result
            .Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.StartsWith("mlp: warning: ", StringComparison.Ordinal))
            .ToArray();
        Assert.Equal(3, warnings.Length);
        Assert.Contains(warnings, w => w.Contains("row IDs") && w.Contains("column \"id\""));
        Assert.Contains(warnings, w => w.Contains("dates") && w.Contains("column \"day\""));
        Assert.Contains(warnings, w => w.Contains("same value") && w.Contains("column \"const\""));
    }
}
