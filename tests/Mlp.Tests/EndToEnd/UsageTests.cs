using System.Text.Json;

namespace Mlp.Tests.EndToEnd;

/// <summary>
/// Options that would do nothing are refused, errors read as one clear line naming the option,
/// value or file, and the small defects a new user met stay fixed.
/// </summary>
public class UsageTests
{
    [Fact]
    public void Version_prints_the_package_version_alone()
    {
        var result = CliRunner.Run("--version");
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+\r?\n$", result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    /// <summary>
    /// --rows, shared by the explaining commands, is refused as the command line is parsed:
    /// before the model or the data is read (here neither exists).
    /// </summary>
    [Theory]
    [InlineData("importance", "x")]
    [InlineData("interactions", "0")]
    [InlineData("report", "-3")]
    [InlineData("pdp", "1.5")]
    [InlineData("importance", "All")]
    public void A_bad_rows_count_is_refused_before_anything_is_read(string command, string rows)
    {
        string[] extra = command == "pdp" ? ["--features", "a"] : [];
        var result = CliRunner.Run([
            command,
            "no-such-model.mlp",
            "no-such-data.csv",
            "--rows",
            rows,
            .. extra,
        ]);
        AssertUsage(result, $"--rows '{rows}' is not a positive number or 'all'");
    }

    [Theory]
    [InlineData("importance", "0")]
    [InlineData("importance", "-5")]
    [InlineData("interactions", "2.5")]
    [InlineData("report", "00")]
    public void A_background_count_below_one_is_refused_before_anything_is_read(
        string command,
        string background
    )
    {
        string[] method = command == "report" ? [] : ["--method", "shap"];
        var result = CliRunner.Run([
            command,
            "no-such-model.mlp",
            "no-such-data.csv",
            "--background",
            background,
            .. method,
        ]);
        AssertUsage(result, $"--background '{background}' is neither a row count");
    }

    private static void AssertUsage(CliRunner.Result result, params string[] fragments)
    {
        Assert.Equal(2, result.ExitCode);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.InRange(lines.Length, 1, 2);
        Assert.StartsWith("mlp: error: ", lines[0]);
        Assert.DoesNotContain("System.", result.Stderr);
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, result.Stderr);
        }
    }

    /// <summary>A binary model (BIN), a multiclass model (MULTI), both with their data.</summary>
    private sealed class Models : IDisposable
    {
        public TempFolder Folder { get; } = new();
        public string BinaryData { get; }
        public string Binary { get; }
        public string MultiData { get; }
        public string Multi { get; }

        public Models()
        {
            BinaryData = Folder.Write("bin.csv", Generated.Influence(200, 1));
            Binary = Folder.File("bin.mlp");
            MultiData = TestData.Iris;
            Multi = Folder.File("multi.mlp");
            Assert.Equal(
                0,
                CliRunner.Run("train", BinaryData, "-o", Binary, "--epochs", "2").ExitCode
            );
            Assert.Equal(
                0,
                CliRunner.Run("train", MultiData, "-o", Multi, "--epochs", "2").ExitCode
            );
        }

        public string[] Args(string line) =>
            line.Split(' ')
                .Select(a =>
                    a switch
                    {
                        "BIN" => Binary,
                        "BINDATA" => BinaryData,
                        "MULTI" => Multi,
                        "MULTIDATA" => MultiData,
                        "OUT" => Folder.File("out.mlp"),
                        _ => a,
                    }
                )
                .ToArray();

        public void Dispose() => Folder.Dispose();
    }

    [Theory]
    [InlineData("importance BIN BINDATA --method permutation --class 1", "--class")]
    [InlineData("importance BIN BINDATA --method shap --group c1,c2", "--group")]
    [InlineData("importance BIN BINDATA --method gradient --repeats 3", "--repeats")]
    [InlineData("importance BIN BINDATA --method shap --metric mse", "--metric")]
    [InlineData("importance BIN BINDATA --method permutation --steps 9", "--steps")]
    [InlineData("importance BIN BINDATA --method garson --background 10", "--background")]
    [InlineData("importance BIN BINDATA --method olden --baseline zero", "--baseline")]
    [InlineData("importance BIN BINDATA --json --format csv", "--format")]
    [InlineData("importance BIN BINDATA --method gradient --class 1", "--class")]
    [InlineData("eval MULTI MULTIDATA --threshold 0.3", "--threshold")]
    [InlineData("predict MULTI MULTIDATA --threshold 0.3", "--threshold")]
    [InlineData("train BINDATA -o OUT --animate-features c1,c2", "--animate-features")]
    [InlineData("train BINDATA -o OUT --frame-every 2", "--frame-every")]
    [InlineData("train BINDATA -o OUT --momentum 0.5", "--momentum")]
    [InlineData("train BINDATA -o OUT --ignore event", "--ignore")]
    [InlineData("train BINDATA -o OUT --features c1,event", "--features")]
    [InlineData("train BINDATA -o - --json", "stdout")]
    [InlineData("train BINDATA -o OUT --monitor metric", "--monitor")]
    [InlineData("train BINDATA -o OUT --stratify", "--stratify")]
    [InlineData("train BINDATA -o OUT --validation-data BINDATA --validation 0.2", "--validation")]
    [InlineData("train BINDATA -o OUT --validation-data OUT", "--validation-data")]
    [InlineData("train BINDATA -o OUT --init lecun", "--init")]
    [InlineData("boundary BIN BINDATA -o OUT.png --features c1,c1", "twice")]
    [InlineData(
        "train BINDATA -o OUT --animate OUT.gif --animate-features c1,nope",
        "--animate-features"
    )]
    public void An_option_that_would_do_nothing_or_cannot_work_is_a_usage_error(
        string line,
        string option
    )
    {
        using var models = new Models();
        AssertUsage(CliRunner.Run(models.Args(line)), option);
        Assert.False(File.Exists(models.Folder.File("out.mlp")));
    }

    [Theory]
    [InlineData("train BINDATA --lr abc", "--lr 'abc' is not a number")]
    [InlineData("train BINDATA --epochs 1.5", "--epochs '1.5' is not a positive number or 'auto'")]
    [InlineData(
        "train BINDATA --activation tahn",
        "--activation 'tahn' is not one of: relu, tanh",
        "did you mean 'tanh'"
    )]
    [InlineData("trian BINDATA", "unknown command 'trian'", "did you mean 'mlp train'")]
    [InlineData("frobnicate", "unknown command 'frobnicate'", "the commands are: train")]
    public void Usage_errors_are_one_line_naming_the_option_and_what_it_takes(
        string line,
        params string[] fragments
    )
    {
        using var models = new Models();
        var result = CliRunner.Run(models.Args(line));
        AssertUsage(result, fragments);
    }

    [Fact]
    public void A_malformed_record_is_named_once_with_its_line()
    {
        using var folder = new TempFolder();
        var result = CliRunner.Run(
            "train",
            folder.Write("m.csv", "a,b,y\n1,2,0\n1,\"2\"x,1\n3,4,0\n"),
            "-o",
            folder.File("m.mlp")
        );
        Assert.Equal(1, result.ExitCode);
        var first = result.Stderr.Split('\n')[0];
        Assert.StartsWith(
            "mlp: error: malformed CSV: text after the closing quote of a quoted field (",
            first
        );
        Assert.EndsWith("m.csv:3)", first);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(first, "malformed"));
    }

    [Fact]
    public void A_missing_feature_column_is_named_in_the_message_and_in_the_hint()
    {
        using var folder = new TempFolder();
        var header = Enumerable.Range(1, 30).Select(i => $"f{i}").ToArray();
        string Row(int r) =>
            string.Join(
                ',',
                header.Select(
                    (_, i) =>
                        ((r * 7 + i) % 5).ToString(
                            System.Globalization.CultureInfo.InvariantCulture
                        )
                )
            );
        string train = folder.Write(
            "t.csv",
            string.Join(',', header)
                + ",y\n"
                + string.Join("", Enumerable.Range(0, 20).Select(r => Row(r) + $",{r % 2}\n"))
        );
        string model = folder.File("m.mlp");
        Assert.Equal(0, CliRunner.Run("train", train, "-o", model, "--epochs", "1").ExitCode);
        var without = header.Where(h => h != "f25").ToArray();
        string data = folder.Write(
            "p.csv",
            string.Join(',', without) + "\n" + string.Join(',', without.Select(_ => "1")) + "\n"
        );
        var result = CliRunner.Run("predict", model, data);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("\"f25\" is not in the data", result.Stderr);
        var hint = result.Stderr.Split('\n')[1];
        // predict (like pdp and interactions) does not read the target: only f25 is missing.
        Assert.Contains("lacks: f25; the data has:", hint);
        Assert.Contains("… (29 in all)", hint);
        var evaluated = CliRunner.Run("eval", model, data);
        Assert.Equal(1, evaluated.ExitCode);
        Assert.Contains("lacks: f25, y; the data has:", evaluated.Stderr);
    }

    [Fact]
    public void Keep_never_writes_a_column_twice_and_eval_reads_the_result()
    {
        using var folder = new TempFolder();
        string data = folder.Write("d.csv", "x,label\n0.1,0\n0.9,1\n0.2,0\n0.8,1\n");
        string model = folder.File("m.mlp");
        Assert.Equal(0, CliRunner.Run("train", data, "-o", model, "--epochs", "3").ExitCode);
        var predicted = CliRunner.Run("predict", model, data, "--keep");
        Assert.Equal(0, predicted.ExitCode);
        Assert.StartsWith("x,input_label,p_1,label\n", predicted.Stdout);
        string kept = folder.Write("kept.csv", predicted.Stdout);
        var eval = CliRunner.Run("eval", model, kept, "--json");
        Assert.Equal(0, eval.ExitCode);
    }

    [Fact]
    public void R2_of_one_row_is_undefined()
    {
        using var folder = new TempFolder();
        string model = folder.File("m.mlp");
        Assert.Equal(
            0,
            CliRunner
                .Run(
                    "train",
                    folder.Write("d.csv", Generated.Regression(50, 1)),
                    "-o",
                    model,
                    "--epochs",
                    "2"
                )
                .ExitCode
        );
        var eval = CliRunner.Run(
            "eval",
            model,
            folder.Write("one.csv", "x1,x2,x3,y\n0.1,0.2,0.3,100\n"),
            "--json"
        );
        Assert.Equal(0, eval.ExitCode);
        var metrics = JsonDocument.Parse(eval.Stdout).RootElement.GetProperty("metrics");
        Assert.Equal(JsonValueKind.Null, metrics.GetProperty("r2").ValueKind);
        Assert.Equal(JsonValueKind.Number, metrics.GetProperty("mse").ValueKind);
    }

    [Fact]
    public void A_model_without_hidden_layers_says_so()
    {
        using var folder = new TempFolder();
        var result = CliRunner.Run(
            "train",
            TestData.Iris,
            "-o",
            folder.File("m.mlp"),
            "--hidden",
            "none",
            "--epochs",
            "2"
        );
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("network   4-3 (no hidden layer)", result.Stdout);
    }

    [Fact]
    public void The_summary_reports_the_kept_epoch_and_metrics_of_training_and_validation_rows_apart()
    {
        using var folder = new TempFolder();
        string data = folder.Write("d.csv", Generated.Influence(600, 5));
        var result = CliRunner.Run(
            "train",
            data,
            "-o",
            folder.File("m.mlp"),
            "--epochs",
            "300",
            "--lr",
            "0.05",
            "--hidden",
            "64",
            "--validation",
            "0.3",
            "--patience",
            "3",
            "--history",
            folder.File("h.csv"),
            "--json"
        );
        Assert.Equal(0, result.ExitCode);
        var json = JsonDocument.Parse(result.Stdout).RootElement;
        int best = json.GetProperty("best_epoch").GetInt32();
        int run = json.GetProperty("epochs_run").GetInt32();
        Assert.True(best < run, $"early stopping kept epoch {best} of {run}");
        var kept = File.ReadAllLines(folder.File("h.csv"))[best].Split(',');
        Assert.Equal(
            double.Parse(kept[1], System.Globalization.CultureInfo.InvariantCulture),
            json.GetProperty("final_loss").GetDouble(),
            6
        );
        Assert.Equal(
            double.Parse(kept[2], System.Globalization.CultureInfo.InvariantCulture),
            json.GetProperty("val_loss").GetDouble(),
            6
        );
        var training = json.GetProperty("metrics");
        var validation = json.GetProperty("validation_metrics");
        Assert.Equal(JsonValueKind.Object, validation.ValueKind);
        Assert.NotEqual(
            training.GetProperty("log_loss").GetDouble(),
            validation.GetProperty("log_loss").GetDouble()
        );
        // The kept epoch's validation loss is the validation rows' log loss of the saved model.
        Assert.Equal(
            json.GetProperty("val_loss").GetDouble(),
            validation.GetProperty("log_loss").GetDouble(),
            4
        );
    }

    [Fact]
    public void Without_validation_rows_validation_metrics_are_null()
    {
        using var folder = new TempFolder();
        var result = CliRunner.Run(
            "train",
            folder.Write("d.csv", Generated.Xor()),
            "-o",
            folder.File("m.mlp"),
            "--epochs",
            "2",
            "--json"
        );
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            JsonValueKind.Null,
            JsonDocument
                .Parse(result.Stdout)
                .RootElement.GetProperty("validation_metrics")
                .ValueKind
        );
    }

    [Fact]
    public void The_demo_runs_every_step_quietly_with_quiet_and_refuses_a_file_as_its_folder()
    {
        using var folder = new TempFolder();
        var quiet = CliRunner.Run("demo", "--out", folder.File("demo"), "--quiet");
        Assert.Equal(0, quiet.ExitCode);
        Assert.Equal("", quiet.Stderr);
        foreach (
            var command in new[]
            {
                "train",
                "eval",
                "importance",
                "pdp",
                "interactions",
                "boundary",
                "sweep",
            }
        )
        {
            Assert.Contains($"$ mlp {command} ", quiet.Stdout);
        }
        foreach (
            var picture in new[]
            {
                "pdp_c1.png",
                "interactions.png",
                "pdp_x1_x2.png",
                "moons_sweep.png",
            }
        )
        {
            Assert.True(
                new FileInfo(Path.Combine(folder.File("demo"), picture)).Length > 10_000,
                picture
            );
        }
        Assert.StartsWith(
            "x1,x2,average\n",
            File.ReadAllText(Path.Combine(folder.File("demo"), "pdp_x1_x2.csv"))
        );
        string file = folder.Write("afile", "x");
        AssertUsage(CliRunner.Run("demo", "--out", file), "is a file");
        Assert.Equal("x", File.ReadAllText(file));
    }
}
