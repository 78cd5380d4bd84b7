using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace Mlp.Tests.Data;

/// <summary>
/// A data input is read by what its first bytes are, never by its name: CSV, gzip and Parquet
/// under every name give the same training, standard input included; Parquet on standard
/// input and a model where data belongs are one-line errors.
/// </summary>
public sealed class DataFormatTests
{
    private static readonly double[] Xs = [0.5, -1, 3, 2.5, -0.25, 1, 4, -2, 0, 1.5];
    private static readonly string[] Labels = ["a", "b", "a", "a", "b", "b", "a", "b", "a", "b"];

    private static string Csv() =>
        "x,label\n"
        + string.Concat(
            Xs.Select(
                (x, i) =>
                    $"{x.ToString(System.Globalization.CultureInfo.InvariantCulture)},{Labels[i]}\n"
            )
        );

    private static byte[] Gzip(byte[] bytes)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }
        return output.ToArray();
    }

    private static byte[] Parquet(TempFolder folder)
    {
        string path = folder.File("source.parquet");
        ParquetFiles.Write(
            path,
            Xs.Length,
            new ParquetFiles.Column(new global::Parquet.Schema.DataField<double>("x"), Xs),
            new ParquetFiles.Column(new global::Parquet.Schema.DataField<string>("label"), Labels)
        );
        return File.ReadAllBytes(path);
    }

    private static string[] Train(string data, string model) =>
        ["train", data, "--target", "label", "--epochs", "3", "--seed", "5", "-o", model, "--json"];

    /// <summary>The training metrics, which depend on every value read.</summary>
    private static string Metrics(CliRunner.Result result)
    {
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        return json.RootElement.GetProperty("metrics").GetRawText()
            + json.RootElement.GetProperty("final_loss").GetRawText();
    }

    [Fact]
    public void Every_format_under_every_name_and_on_standard_input_trains_the_same()
    {
        using var folder = new TempFolder();
        var text = Encoding.UTF8.GetBytes(Csv());
        var formats = new Dictionary<string, byte[]>
        {
            ["csv"] = text,
            ["gzip"] = Gzip(text),
            ["parquet"] = Parquet(folder),
        };
        string expected = Metrics(
            CliRunner.Run(Train(Write(folder, "plain.csv", text), folder.File("m.mlp")))
        );
        foreach (var (format, bytes) in formats)
        {
            foreach (string name in new[] { "t.csv", "t.gz", "t.csv.gz", "t.parquet", "t.data" })
            {
                string path = Write(folder, $"{format}-{name}", bytes);
                Assert.Equal(expected, Metrics(CliRunner.Run(Train(path, folder.File("m.mlp")))));
            }
        }
        foreach (var bytes in new[] { formats["csv"], formats["gzip"] })
        {
            Assert.Equal(
                expected,
                Metrics(CliRunner.RunWithBytes(bytes, Train("-", folder.File("m.mlp"))))
            );
        }
    }

    [Fact]
    public void Parquet_on_standard_input_and_a_model_given_as_data_are_one_line_errors()
    {
        using var folder = new TempFolder();
        var piped = CliRunner.RunWithBytes(Parquet(folder), Train("-", folder.File("m.mlp")));
        Assert.Equal(1, piped.ExitCode);
        Assert.StartsWith("mlp: error: Parquet cannot be read from standard input", piped.Stderr);
        string data = Write(folder, "d.csv", Encoding.UTF8.GetBytes(Csv()));
        string model = folder.File("m.mlp");
        Assert.Equal(0, CliRunner.Run(Train(data, model)).ExitCode);
        var swapped = CliRunner.Run("predict", model, model);
        Assert.Equal(1, swapped.ExitCode);
        Assert.StartsWith(
            "mlp: error: this looks like an mlp model, not a data file",
            swapped.Stderr
        );
        Assert.DoesNotContain("   at ", swapped.Stderr);
    }

    private static string Write(TempFolder folder, string name, byte[] bytes)
    {
        string path = folder.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
