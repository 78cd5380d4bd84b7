using Mlp.Tests.EndToEnd;

namespace Mlp.Tests.Export;

/// <summary>What the exported file declares (read back with a protobuf decoder) and how export treats files.</summary>
public class OnnxFileTests
{
    [Fact]
    public void The_file_is_ir_7_opset_13_with_gemm_transposed_and_named_outputs()
    {
        using var folder = new TempFolder();
        string model = folder.File("m.mlp");
        string onnx = folder.File("m.onnx");
        Assert.Equal(
            0,
            CliRunner
                .Run("train", TestData.Iris, "-o", model, "--epochs", "2", "--hidden", "8,4")
                .ExitCode
        );
        Assert.Equal(0, CliRunner.Run("export", model, "-o", onnx).ExitCode);

        var file = new ProtoFields(File.ReadAllBytes(onnx));
        Assert.Equal(7, file.Number(1));
        Assert.Equal("mlp", file.Text(2));
        var opset = Assert.Single(file.Messages(8));
        Assert.Equal(13, opset.Number(2));
        var graph = Assert.Single(file.Messages(7));
        var gemms = graph.Messages(1).Where(node => node.Text(4) == "Gemm").ToArray();
        Assert.Equal(3, gemms.Length);
        Assert.All(
            gemms,
            gemm =>
            {
                var transB = Assert.Single(gemm.Messages(5));
                Assert.Equal("transB", transB.Text(1));
                Assert.Equal(1, transB.Number(3));
            }
        );
        Assert.Equal(["input"], graph.Messages(11).Select(input => input.Text(1)));
        Assert.Equal(
            ["probabilities", "label"],
            graph.Messages(12).Select(output => output.Text(1))
        );
        var metadata = file.Messages(14)
            .ToDictionary(entry => entry.Text(1), entry => entry.Text(2));
        Assert.Equal("multiclass", metadata["task"]);
        Assert.Equal("""["setosa","versicolor","virginica"]""", metadata["classes"]);
    }

    [Fact]
    public void Export_refuses_to_write_over_its_model_and_keeps_an_existing_file_on_failure()
    {
        using var folder = new TempFolder();
        string model = folder.File("m.mlp");
        Assert.Equal(
            0,
            CliRunner.Run("train", TestData.Iris, "-o", model, "--epochs", "1").ExitCode
        );
        byte[] before = File.ReadAllBytes(model);

        var overModel = CliRunner.Run("export", model, "-o", model);
        Assert.Equal(2, overModel.ExitCode);
        Assert.Equal(before, File.ReadAllBytes(model));

        string existing = folder.Write("old.onnx", "previous bytes");
        var missing = CliRunner.Run("export", folder.File("nope.mlp"), "-o", existing);
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("previous bytes", File.ReadAllText(existing));
        Assert.Single(Directory.GetFiles(folder.Path, "*old.onnx*"));
    }

    [Fact]
    public void Export_to_stdout_writes_the_model_bytes_alone()
    {
        using var folder = new TempFolder();
        string model = folder.File("m.mlp");
        Assert.Equal(
            0,
            CliRunner.Run("train", TestData.Iris, "-o", model, "--epochs", "1").ExitCode
        );
        string onnx = folder.File("m.onnx");
        Assert.Equal(0, CliRunner.Run("export", model, "-o", onnx).ExitCode);
        var piped = CliRunner.Run("export", model, "-o", "-");
        Assert.Equal(0, piped.ExitCode);
        Assert.Equal("", piped.Stderr);
        Assert.Equal(File.ReadAllBytes(onnx), piped.StdoutBytes);
    }
}
