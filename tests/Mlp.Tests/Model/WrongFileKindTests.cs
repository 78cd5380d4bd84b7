using System.IO.Compression;
using Mlp.Model;

namespace Mlp.Tests.Model;

/// <summary>A file of another kind where a model belongs is named for what it looks like, by its first bytes, in every command that reads a model.</summary>
public class WrongFileKindTests
{
    private const string Csv = "x1,x2,label\n0.5,1.5,yes\n1.5,0.5,no\n";

    public static TheoryData<string> Commands() =>
        new() { "predict", "eval", "importance", "info", "weights", "export", "heatmap", "report" };

    [Theory]
    [MemberData(nameof(Commands))]
    public void A_csv_given_as_the_model_is_called_a_csv(string command)
    {
        using var folder = new TempFolder();
        string data = folder.Write("data.csv", Csv);
        string[] arguments = command switch
        {
            "info" or "weights" => [command, data],
            "export" or "heatmap" => [command, data, "-o", folder.File("out.png")],
            "report" => [command, data, data, "-o", folder.File("r.html")],
            _ => [command, data, data],
        };
        var run = CliRunner.Run(arguments);
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith(
            "mlp: error: data.csv looks like a CSV (text with separators), not an mlp model",
            run.Stderr
        );
        Assert.Contains("the model file comes first", run.Stderr);
    }

    [Fact]
    public void Gzip_parquet_onnx_and_text_are_told_apart_and_a_model_or_random_bytes_are_not_named()
    {
        var gzipped = new MemoryStream();
        using (var gzip = new GZipStream(gzipped, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write("x,y\n1,2\n"u8);
        }
        Assert.Equal("gzip-compressed data", FileKind.Of(gzipped.ToArray()));
        Assert.Equal("a Parquet file", FileKind.Of("PAR1\u0015\u0004"u8));
        Assert.Equal("a text file", FileKind.Of("héllo wörld\n"u8));
        Assert.Equal("a CSV (text with separators)", FileKind.Of("a;b\n1;2\n"u8));
        // A model starts with its header's length: small, little-endian.
        Assert.Null(FileKind.Of([0x10, 0x02, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'"']));
        Assert.Null(FileKind.Of([0x00, 0xff, 0x13, 0x80, 0x07, 0x01, 0x99, 0xfe]));
        using var folder = new TempFolder();
        string data = folder.Write("d.csv", Csv);
        string model = folder.File("m.mlp");
        string onnx = folder.File("m.onnx");
        Assert.Equal(0, CliRunner.Run("train", data, "-o", model, "--epochs", "2").ExitCode);
        Assert.Equal(0, CliRunner.Run("export", model, "-o", onnx).ExitCode);
        Assert.Contains("looks like an ONNX model", CliRunner.Run("predict", onnx, data).Stderr);
        Assert.Equal(0, CliRunner.Run("predict", model, data).ExitCode);
    }
}
