using System.Globalization;
using System.Text;
using Parquet.Schema;

namespace Mlp.Tests.Data;

/// <summary>Parquet inputs: the same data as CSV gives the same model; every command reads them.</summary>
public class ParquetTests
{
    private const int Rows = 300;

    /// <summary>Doubles, floats that decimal text writes exactly, ints, a string category with nulls, booleans, a text label.</summary>
    private static (ParquetFiles.Column[] Columns, string Csv) Data(int seed)
    {
        var random = new Random(seed);
        var x1 = new double[Rows];
        var x2 = new float[Rows];
        var k = new int[Rows];
        var color = new string?[Rows];
        var flag = new bool[Rows];
        var label = new string?[Rows];
        var csv = new StringBuilder("x1,x2,k,color,flag,label\n");
        string[] colors = ["red", "green", "blue"];
        for (int r = 0; r < Rows; r++)
        {
            x1[r] = random.NextDouble() * 4 - 2;
            x2[r] = random.Next(-40, 40) / 8f;
            k[r] = random.Next(0, 5);
            color[r] = r % 17 == 0 ? null : colors[random.Next(3)];
            flag[r] = random.Next(2) == 1;
            double logit = 2 * x1[r] - x2[r] / 2 + (flag[r] ? 1 : -1) + (color[r] == "red" ? 1 : 0);
            label[r] = logit > 0 ? "yes" : "no";
            csv.Append(
                CultureInfo.InvariantCulture,
                $"{x1[r]:R},{x2[r]:R},{k[r]},{color[r] ?? ""},{(flag[r] ? 1 : 0)},{label[r]}\n"
            );
        }
        ParquetFiles.Column[] columns =
        [
            new(new DataField<double>("x1"), x1),
            new(new DataField<float>("x2"), x2),
            new(new DataField<int>("k"), k),
            new(new DataField<string>("color", true), color),
            new(new DataField<bool>("flag"), flag),
            new(new DataField<string>("label"), label),
        ];
        return (columns, csv.ToString());
    }

    [Fact]
    public void The_same_data_as_csv_and_parquet_gives_byte_identical_models_and_the_same_predictions()
    {
        using var folder = new TempFolder();
        var (columns, csv) = Data(5);
        string csvPath = folder.Write("d.csv", csv);
        string parquetPath = folder.File("d.parquet");
        ParquetFiles.Write(parquetPath, rowsPerGroup: 128, columns);
        string[] options = ["--hidden", "8", "--epochs", "10", "--missing-category", "--quiet"];
        Assert.Equal(
            0,
            CliRunner.Run(["train", csvPath, "-o", folder.File("c.mlp"), .. options]).ExitCode
        );
        var run = CliRunner.Run(["train", parquetPath, "-o", folder.File("p.mlp"), .. options]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(
            File.ReadAllBytes(folder.File("c.mlp")),
            File.ReadAllBytes(folder.File("p.mlp"))
        );
        var fromCsv = CliRunner.Run("predict", folder.File("p.mlp"), csvPath);
        var fromParquet = CliRunner.Run("predict", folder.File("p.mlp"), parquetPath);
        Assert.Equal(0, fromParquet.ExitCode);
        Assert.Equal(fromCsv.Stdout, fromParquet.Stdout);
        var evaluated = CliRunner.Run("eval", folder.File("p.mlp"), parquetPath, "--json");
        Assert.Equal(
            CliRunner.Run("eval", folder.File("p.mlp"), csvPath, "--json").Stdout,
            evaluated.Stdout
        );
        var kept = CliRunner.Run("predict", folder.File("p.mlp"), parquetPath, "--id", "color,k");
        Assert.StartsWith("color,k,p_yes,label\n,", kept.Stdout);
    }

    [Fact]
    public void A_column_of_a_type_mlp_does_not_read_is_an_error_naming_it()
    {
        using var folder = new TempFolder();
        string path = folder.File("d.parquet");
        ParquetFiles.Write(
            path,
            10,
            new(
                new DataField<DateTime>("when"),
                new DateTime[] { DateTime.UnixEpoch, DateTime.UnixEpoch }
            ),
            new(new DataField<double>("y"), new double[] { 1, 2 })
        );
        var run = CliRunner.Run("train", path, "-o", folder.File("m.mlp"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(
            "column \"when\" holds DateTime values, which mlp does not read",
            run.Stderr
        );
        string broken = folder.Write("broken.parquet", "PAR1 and then not parquet at all");
        var unreadable = CliRunner.Run("train", broken, "-o", folder.File("m.mlp"));
        Assert.Equal(1, unreadable.ExitCode);
        Assert.StartsWith("mlp: error: unreadable Parquet file:", unreadable.Stderr);
    }
}
