using System.IO.Compression;
using System.Text;

namespace Mlp.Tests.EndToEnd;

/// <summary>Inputs by their names (.csv, .tsv, .csv.gz, .tsv.gz) and predict's pass-through columns.</summary>
public class InputFormatTests
{
    private static void WriteGzip(string path, string text)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Optimal);
        gzip.Write(Encoding.UTF8.GetBytes(text));
    }

    [Fact]
    public void The_same_data_as_csv_tsv_and_gzip_gives_byte_identical_models_and_predictions()
    {
        using var folder = new TempFolder();
        string csv = Generated.BinaryWithText(300, 3);
        string tsv = csv.Replace(',', '\t');
        var paths = new[]
        {
            folder.Write("d.csv", csv),
            folder.Write("d.tsv", tsv),
            folder.File("d.csv.gz"),
            folder.File("d.tsv.gz"),
        };
        WriteGzip(paths[2], csv);
        WriteGzip(paths[3], tsv);
        var models = new List<byte[]>();
        var predictions = new List<string>();
        foreach (var path in paths)
        {
            string model = path + ".mlp";
            Assert.Equal(
                0,
                CliRunner.Run("train", path, "-o", model, "--epochs", "5", "--quiet").ExitCode
            );
            models.Add(File.ReadAllBytes(model));
            var predicted = CliRunner.Run("predict", model, path);
            Assert.Equal(0, predicted.ExitCode);
            predictions.Add(predicted.Stdout);
        }
        Assert.All(models, m => Assert.Equal(models[0], m));
        Assert.All(predictions, p => Assert.Equal(predictions[0], p));
    }

    [Fact]
    public void A_tsv_keeps_commas_inside_its_values()
    {
        using var folder = new TempFolder();
        var rows = new StringBuilder("x\tcity\ty\n");
        for (int i = 0; i < 40; i++)
        {
            rows.Append(i)
                .Append('\t')
                .Append(i % 2 == 0 ? "Paris, FR" : "Rome, IT")
                .Append('\t')
                .Append(i % 2)
                .Append('\n');
        }
        string data = folder.Write("d.tsv", rows.ToString());
        string model = folder.File("m.mlp");
        Assert.Equal(
            0,
            CliRunner.Run("train", data, "-o", model, "--epochs", "2", "--quiet").ExitCode
        );
        var weights = CliRunner.Run("weights", model);
        Assert.Contains("\"city=Paris, FR\"", weights.Stdout);
    }

    [Fact]
    public void A_broken_gzip_file_is_one_line_error_with_its_name()
    {
        using var folder = new TempFolder();
        // gzip's magic bytes, then no valid deflate stream.
        string data = folder.File("broken.csv.gz");
        File.WriteAllBytes(data, [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff]);
        var result = CliRunner.Run("train", data, "-o", folder.File("m.mlp"));
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("mlp: error: unreadable CSV:", result.Stderr);
        Assert.Contains("broken.csv.gz", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public void Predict_id_writes_the_named_columns_first_in_the_order_given()
    {
        using var folder = new TempFolder();
        var rows = new StringBuilder("key,x1,x2,label\n");
        for (int i = 0; i < 30; i++)
        {
            rows.Append($"k{i},{i % 7},{i % 3},{(i % 7 > 3 ? "yes" : "no")}\n");
        }
        string data = folder.Write("d.csv", rows.ToString());
        string model = folder.File("m.mlp");
        Assert.Equal(
            0,
            CliRunner
                .Run("train", data, "-o", model, "--ignore", "key", "--epochs", "2", "--quiet")
                .ExitCode
        );
        var result = CliRunner.Run("predict", model, data, "--id", "label,key");
        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // "label" is also an output column: the input's is written as input_label.
        Assert.Equal("input_label,key,p_yes,label", lines[0]);
        Assert.StartsWith("no,k0,", lines[1]);
        Assert.Equal(31, lines.Length);
        var missing = CliRunner.Run("predict", model, data, "--id", "customer");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains(
            "--id names column \"customer\", which is not in the data (",
            missing.Stderr
        );
        Assert.Equal("", missing.Stdout);
    }
}
