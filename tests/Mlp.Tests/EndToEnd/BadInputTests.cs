namespace Mlp.Tests.EndToEnd;

/// <summary>Every data error of the contract: exit 1 and one `mlp: error:` line (plus an optional hint), no trace.</summary>
public class BadInputTests
{
    private static void AssertOneLineError(CliRunner.Result result, params string[] fragments)
    {
        Assert.Equal(1, result.ExitCode);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.InRange(lines.Length, 1, 2);
        Assert.StartsWith("mlp: error: ", lines[0]);
        if (lines.Length == 2)
        {
            Assert.StartsWith("hint: ", lines[1]);
        }
        Assert.DoesNotContain("   at ", result.Stderr);
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, lines[0]);
        }
    }

    private static CliRunner.Result Train(TempFolder folder, string csv, params string[] options) =>
        CliRunner.Run([
            "train",
            folder.Write("data.csv", csv),
            "-o",
            folder.File("m.mlp"),
            "--epochs",
            "2",
            .. options,
        ]);

    [Fact]
    public void Missing_file()
    {
        using var folder = new TempFolder();
        AssertOneLineError(
            CliRunner.Run("train", folder.File("nope.csv")),
            "file not found",
            "nope.csv"
        );
    }

    [Fact]
    public void Ragged_row_names_its_line()
    {
        using var folder = new TempFolder();
        AssertOneLineError(Train(folder, "a,b,y\n1,2,0\n3,4\n5,6,1\n"), "data.csv:3", "2 fields");
    }

    [Fact]
    public void Column_mixing_numbers_and_text_names_the_first_offending_line()
    {
        using var folder = new TempFolder();
        AssertOneLineError(
            Train(folder, "a,b,y\n1,2,0\n3,4,1\n5,x7,0\n8,9,1\n", "--missing", "error"),
            "data.csv:4",
            "column \"b\"",
            "'x7'"
        );
    }

    [Fact]
    public void Missing_value_names_line_and_column()
    {
        using var folder = new TempFolder();
        AssertOneLineError(
            Train(folder, "a,b,y\n1,2,0\n3,NA,1\n5,6,0\n", "--missing", "error"),
            "missing value",
            "data.csv:3",
            "column \"b\""
        );
    }

    [Fact]
    public void Missing_values_are_imputed_with_the_training_mean_when_asked()
    {
        using var folder = new TempFolder();
        var result = Train(folder, "a,b,y\n1,2,0\n3,,1\n5,6,0\n7,8,1\n", "--missing", "mean");
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public void Infinite_value_is_an_error()
    {
        using var folder = new TempFolder();
        AssertOneLineError(
            Train(folder, "a,b,y\n1,2,0\n3,inf,1\n5,6,0\n"),
            "not a finite number",
            "data.csv:3",
            "column \"b\""
        );
    }

    [Fact]
    public void Target_with_one_class()
    {
        using var folder = new TempFolder();
        AssertOneLineError(
            Train(folder, "a,b,y\n1,2,1\n3,4,1\n"),
            "only one class",
            "column \"y\""
        );
    }

    [Fact]
    public void Unknown_target()
    {
        using var folder = new TempFolder();
        AssertOneLineError(
            Train(folder, "a,b,y\n1,2,1\n3,4,0\n", "--target", "label"),
            "unknown target column \"label\""
        );
    }

    [Fact]
    public void Empty_file_and_header_only()
    {
        using var folder = new TempFolder();
        AssertOneLineError(Train(folder, ""), "empty");
        AssertOneLineError(Train(folder, "a,b,y\n"), "no data rows");
    }

    [Fact]
    public void Missing_feature_column_at_predict_time_is_named()
    {
        using var folder = new TempFolder();
        Assert.Equal(0, Train(folder, "a,b,y\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n").ExitCode);
        var result = CliRunner.Run(
            "predict",
            folder.File("m.mlp"),
            folder.Write("new.csv", "a,c\n1,2\n")
        );
        AssertOneLineError(result, "column \"b\"", "new.csv");
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("garbage")]
    [InlineData("wrong-version")]
    [InlineData("empty")]
    [InlineData("csv")]
    public void Corrupt_model_files_are_rejected(string damage)
    {
        using var folder = new TempFolder();
        Assert.Equal(0, Train(folder, "a,b,y\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n").ExitCode);
        var bytes = File.ReadAllBytes(folder.File("m.mlp"));
        byte[] damaged = damage switch
        {
            "truncated" => bytes[..(bytes.Length - 7)],
            "garbage" => Enumerable.Range(0, 300).Select(i => (byte)(i * 37 + 11)).ToArray(),
            "wrong-version" => FutureVersion(bytes),
            "empty" => [],
            _ => File.ReadAllBytes(folder.File("data.csv")),
        };
        string path = folder.File("bad.mlp");
        File.WriteAllBytes(path, damaged);
        AssertOneLineError(CliRunner.Run("weights", path), "bad.mlp");
        AssertOneLineError(CliRunner.Run("predict", path, folder.File("data.csv")), "bad.mlp");
        AssertOneLineError(CliRunner.Run("export", path, "-o", folder.File("m.onnx")), "bad.mlp");
        Assert.False(File.Exists(folder.File("m.onnx")));
    }

    /// <summary>The model file with its format tag turned into a version this build does not know (same length, bytes elsewhere untouched).</summary>
    private static byte[] FutureVersion(byte[] model)
    {
        byte[] current = System.Text.Encoding.ASCII.GetBytes(Mlp.Model.ModelFile.Format);
        int at = model.AsSpan().IndexOf(current);
        Assert.True(at >= 0, "the model names its format");
        var future = (byte[])model.Clone();
        future[at + current.Length - 1] = (byte)'9';
        return future;
    }

    [Fact]
    public void Every_flipped_byte_of_a_model_header_is_caught_or_harmless()
    {
        using var folder = new TempFolder();
        Assert.Equal(0, Train(folder, "a,b,y\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n").ExitCode);
        var bytes = File.ReadAllBytes(folder.File("m.mlp"));
        string path = folder.File("flipped.mlp");
        var random = new Random(1);
        for (int trial = 0; trial < 200; trial++)
        {
            var copy = (byte[])bytes.Clone();
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
            File.WriteAllBytes(path, copy);
            var result = CliRunner.Run("weights", path);
            Assert.True(result.ExitCode is 0 or 1, $"trial {trial}: exit {result.ExitCode}");
            Assert.DoesNotContain("internal failure", result.Stderr);
        }
    }

    [Fact]
    public void Failed_training_leaves_the_existing_model_untouched()
    {
        using var folder = new TempFolder();
        string model = folder.Write("m.mlp", "previous model bytes");
        var result = CliRunner.Run(
            "train",
            folder.Write("bad.csv", "a,y\n1,0\n2,inf\n3,1\n4,1\n"),
            "-o",
            model
        );
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("previous model bytes", File.ReadAllText(model));
        Assert.Single(Directory.GetFiles(folder.Path, "*m.mlp*"));
    }

    [Fact]
    public void Unclosed_quote_names_its_line()
    {
        using var folder = new TempFolder();
        AssertOneLineError(Train(folder, "a,b,y\n1,\"2,0\n3,4,1\n"), "data.csv:2", "quoted field");
    }

    [Fact]
    public void Binary_garbage_is_an_error_not_a_crash()
    {
        using var folder = new TempFolder();
        var random = new Random(3);
        var bytes = new byte[4000];
        random.NextBytes(bytes);
        string path = folder.File("garbage.csv");
        File.WriteAllBytes(path, bytes);
        AssertOneLineError(CliRunner.Run("train", path, "-o", folder.File("m.mlp")), "garbage.csv");
    }

    [Fact]
    public void A_20_MB_field_is_refused_by_the_bounded_record_size()
    {
        using var folder = new TempFolder();
        string path = folder.File("big.csv");
        File.WriteAllText(path, "a,b,y\n1," + new string('x', 20_000_000) + ",0\n2,3,1\n");
        AssertOneLineError(CliRunner.Run("train", path, "-o", folder.File("m.mlp")), "big.csv:2");
    }

    [Fact]
    public void A_diverging_run_stops_with_a_hint_and_keeps_the_existing_model()
    {
        using var folder = new TempFolder();
        string model = folder.Write("m.mlp", "previous model bytes");
        string data = folder.Write("r.csv", Generated.Regression(200, 1));
        var result = CliRunner.Run(
            "train",
            data,
            "-o",
            model,
            "--optimizer",
            "sgd",
            "--lr",
            "1e20",
            "--epochs",
            "50"
        );
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("mlp: error: training diverged in epoch ", result.Stderr);
        Assert.Contains("hint: lower --lr", result.Stderr);
        Assert.Equal("previous model bytes", File.ReadAllText(model));
        Assert.Equal(2, Directory.GetFiles(folder.Path).Length);
    }

    [Theory]
    [InlineData("train", "x.csv", "--no-such-option")]
    [InlineData("train", "x.csv", "--epochs", "many")]
    [InlineData("train", "x.csv", "--activation", "swish")]
    [InlineData("predict")]
    public void Usage_errors_exit_with_2(params string[] args)
    {
        var result = CliRunner.Run(args);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("mlp: error: ", result.Stderr);
    }

    [Fact]
    public void Bad_option_values_exit_with_2()
    {
        using var folder = new TempFolder();
        var result = Train(folder, "a,y\n1,0\n2,1\n", "--hidden", "64,x");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--hidden '64,x'", result.Stderr);
        Assert.Equal(2, Train(folder, "a,y\n1,0\n2,1\n", "--patience", "3").ExitCode);
        Assert.Equal(2, Train(folder, "a,y\n1,0\n2,1\n", "--lr", "-1").ExitCode);
    }
}
