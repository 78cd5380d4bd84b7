using System.Globalization;
using System.Text;

namespace Mlp.Tests.Data;

/// <summary>
/// --decimal and --delimiter: the same table written as a comma-decimal locale writes it, or
/// with another separator, trains the same model and predicts the same values as the plain
/// CSV; the ambiguous cases are one-line usage or data errors.
/// </summary>
public sealed class CsvDialectTests
{
    private static string Table(char separator, char decimalMark)
    {
        var random = new Random(4);
        var text = new StringBuilder($"x{separator}z{separator}colour{separator}y\n");
        for (int i = 0; i < 60; i++)
        {
            double x = Math.Round(random.NextDouble() * 20 - 10, 3),
                z = Math.Round(random.NextDouble() * 1000, 2);
            string Number(double v) =>
                v.ToString("0.###", CultureInfo.InvariantCulture).Replace('.', decimalMark);
            string colour = i % 3 == 0 ? "red" : "blue";
            text.Append(
                $"{Number(x)}{separator}{Number(z)}{separator}{colour}{separator}{Number(0.5 * x + z / 100)}\n"
            );
        }
        return text.ToString();
    }

    private static (string Summary, string Predictions) Run(
        TempFolder folder,
        string name,
        string table,
        params string[] dialect
    )
    {
        string data = folder.Write(name, table);
        string model = folder.File(name + ".mlp");
        var train = CliRunner.Run([
            "train",
            data,
            "-o",
            model,
            "--epochs",
            "4",
            "--seed",
            "2",
            "--json",
            .. dialect,
        ]);
        Assert.True(train.ExitCode == 0, train.Stderr);
        var predict = CliRunner.Run(["predict", model, data, .. dialect]);
        Assert.True(predict.ExitCode == 0, predict.Stderr);
        string metrics = System
            .Text.Json.JsonDocument.Parse(train.Stdout)
            .RootElement.GetProperty("metrics")
            .GetRawText();
        return (metrics, predict.Stdout);
    }

    [Fact]
    public void A_comma_decimal_export_and_other_separators_read_as_the_plain_csv()
    {
        using var folder = new TempFolder();
        var plain = Run(folder, "plain.csv", Table(',', '.'));
        Assert.Equal(plain, Run(folder, "excel.csv", Table(';', ','), "--decimal", ","));
        Assert.Equal(
            plain,
            Run(folder, "excel2.csv", Table(';', ','), "--decimal", ",", "--delimiter", ";")
        );
        Assert.Equal(plain, Run(folder, "tabs.txt", Table('\t', '.'), "--delimiter", "tab"));
        Assert.Equal(plain, Run(folder, "pipes.dat", Table('|', '.'), "--delimiter", "|"));
    }

    [Fact]
    public void Ambiguous_numbers_and_dialects_are_one_line_errors()
    {
        using var folder = new TempFolder();
        string excel = folder.Write("excel.csv", Table(';', ','));
        var refused = CliRunner.Run("train", excel, "-o", folder.File("m.mlp"));
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("is a number written with a comma", refused.Stderr);
        Assert.Contains("--decimal ,", refused.Stderr);

        string dotted = folder.Write("dotted.csv", Table(';', '.'));
        var dot = CliRunner.Run("train", dotted, "-o", folder.File("m.mlp"), "--decimal", ",");
        Assert.Equal(1, dot.ExitCode);
        Assert.StartsWith("mlp: error: value '", dot.Stderr);
        Assert.Contains("has a dot, but --decimal , reads a comma as the decimal mark", dot.Stderr);
        Assert.Contains("dotted.csv:2", dot.Stderr);

        foreach (
            var (options, message) in new[]
            {
                (new[] { "--decimal", ",", "--delimiter", "," }, "cannot go with --decimal ','"),
                (new[] { "--decimal", ";" }, "--decimal ';' must be '.' or ','"),
                (new[] { "--delimiter", ";;" }, "must be one character"),
            }
        )
        {
            var run = CliRunner.Run(["train", excel, "-o", folder.File("m.mlp"), .. options]);
            Assert.Equal(2, run.ExitCode);
            Assert.Contains(message, run.Stderr);
            Assert.DoesNotContain("   at ", run.Stderr);
        }
        string plain = folder.Write("plain.csv", Table(',', '.'));
        string model = folder.File("p.mlp");
        Assert.Equal(0, CliRunner.Run("train", plain, "-o", model, "--epochs", "2").ExitCode);
        var nothingToRead = CliRunner.Run("weights", model, "--decimal", ",");
        Assert.Equal(2, nothingToRead.ExitCode);
        Assert.Contains("--decimal applies only to commands that read CSV", nothingToRead.Stderr);
    }
}
