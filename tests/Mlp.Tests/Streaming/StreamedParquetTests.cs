using Mlp.Tests.Data;

namespace Mlp.Tests.Streaming;

/// <summary>A Parquet file over --memory streams as a CSV does: the model of the CSV of the same rows, streamed.</summary>
public class StreamedParquetTests
{
    [Fact]
    public void ParquetStreamsToTheModelOfItsCsv()
    {
        using var folder = new TempFolder();
        var random = new Random(8);
        int rows = 5000;
        var x1 = new double[rows];
        var x2 = new double[rows];
        var y = new double[rows];
        var csv = new System.Text.StringBuilder("x1,x2,y\n");
        for (int r = 0; r < rows; r++)
        {
            x1[r] = Math.Round(random.NextDouble() * 4 - 2, 4);
            x2[r] = Math.Round(random.NextDouble(), 4);
            y[r] = Math.Round(Math.Sin(x1[r]) + x2[r], 4);
            csv.Append(System.FormattableString.Invariant($"{x1[r]},{x2[r]},{y[r]}\n"));
        }
        string parquet = folder.File("data.parquet");
        ParquetFiles.Write(
            parquet,
            700,
            new ParquetFiles.Column(new Parquet.Schema.DataField<double>("x1"), x1),
            new ParquetFiles.Column(new Parquet.Schema.DataField<double>("x2"), x2),
            new ParquetFiles.Column(new Parquet.Schema.DataField<double>("y"), y)
        );
        string text = folder.Write("data.csv", csv.ToString());
        string[] options = ["--memory", "1K", "--epochs", "3", "-q"];
        var fromParquet = CliRunner.Run(["train", parquet, "-o", folder.File("p.mlp"), .. options]);
        var fromCsv = CliRunner.Run(["train", text, "-o", folder.File("c.mlp"), .. options]);
        Assert.True(fromParquet.ExitCode == 0, fromParquet.Stderr);
        Assert.True(fromCsv.ExitCode == 0, fromCsv.Stderr);
        Assert.Contains("streamed", fromParquet.Stdout);
        // The schema samples differ (a Parquet file's first row groups are whole: 1,400 rows
        // against the CSV's 1,000), so the stored deviations round apart: equal to float rounding.
        double[] Predictions(string model) =>
            [
                .. CliRunner
                    .Run("predict", model, text)
                    .Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                    .Skip(1)
                    .Select(line =>
                        double.Parse(line, System.Globalization.CultureInfo.InvariantCulture)
                    ),
            ];
        var expected = Predictions(folder.File("c.mlp"));
        var actual = Predictions(folder.File("p.mlp"));
        Assert.Equal(rows, actual.Length);
        for (int r = 0; r < rows; r++)
        {
            Assert.Equal(expected[r], actual[r], 1e-4);
        }
    }
}
