using System.Text;

namespace Mlp.Tests.EndToEnd;

/// <summary>
/// Thousands of seeded random mutations of a valid CSV file and a valid model file through
/// train, predict and weights: each run succeeds, or exits 1 with the one-line error (and at
/// most a hint) — never an internal failure or a trace, never a hang.
/// </summary>
public class FuzzTests
{
    private const int CsvCases = 1500;
    private const int ModelCases = 1500;
    private const int CommandLineCases = 600;
    private static readonly TimeSpan CaseLimit = TimeSpan.FromSeconds(20);

    private static readonly byte[] Interesting = Encoding.ASCII.GetBytes(
        ",\"\n\r;. -+eE0159xNnaAI\t\0\u00ff"
    );

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        int edits = 1 + random.Next(4);
        for (int e = 0; e < edits && bytes.Count > 0; e++)
        {
            int at = random.Next(bytes.Count);
            byte value =
                random.Next(3) == 0
                    ? (byte)random.Next(256)
                    : Interesting[random.Next(Interesting.Length)];
            switch (random.Next(6))
            {
                case 0:
                    bytes[at] = value;
                    break;
                case 1:
                    bytes.Insert(at, value);
                    break;
                case 2:
                    bytes.RemoveAt(at);
                    break;
                case 3:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 4:
                    bytes.RemoveRange(at, bytes.Count - at); // truncated
                    break;
                default:
                    int length = Math.Min(random.Next(1, 40), bytes.Count - at);
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length)); // a repeated piece
                    break;
            }
        }
        return [.. bytes];
    }

    private static void AssertCleanOutcome(
        CliRunner.Result result,
        string what,
        bool usageErrors = false
    )
    {
        Assert.True(
            result.ExitCode is 0 or 1 || (usageErrors && result.ExitCode == 2),
            $"{what}: exit {result.ExitCode}\n{result.Stderr}"
        );
        Assert.DoesNotContain("internal failure", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        if (result.ExitCode is 1 or 2)
        {
            var lines = result
                .Stderr.TrimEnd('\n')
                .Split('\n')
                .Where(line => !line.StartsWith("mlp: warning: "))
                .ToArray();
            Assert.StartsWith("mlp: error: ", lines[0]);
            Assert.True(
                lines.Length <= 2 && (lines.Length == 1 || lines[1].StartsWith("hint: ")),
                $"{what}:\n{result.Stderr}"
            );
        }
    }

    private static CliRunner.Result RunWithLimit(string what, params string[] args)
    {
        var run = Task.Run(() => CliRunner.Run(args));
        Assert.True(
            run.Wait(CaseLimit),
            $"{what} did not finish within {CaseLimit.TotalSeconds} s"
        );
        return run.Result;
    }

    [Fact]
    public void Mutated_csv_files_train_and_predict_or_fail_with_one_line()
    {
        using var folder = new TempFolder();
        var valid = Encoding.UTF8.GetBytes(Generated.BinaryWithText(40, 9));
        string model = folder.File("valid.mlp");
        string validCsv = folder.File("valid.csv");
        File.WriteAllBytes(validCsv, valid);
        Assert.Equal(
            0,
            CliRunner.Run("train", validCsv, "-o", model, "--hidden", "4", "--epochs", "2").ExitCode
        );
        var random = new Random(20261122);
        string csv = folder.File("fuzz.csv");
        for (int i = 0; i < CsvCases; i++)
        {
            var bytes = Mutate(valid, random);
            File.WriteAllBytes(csv, bytes);
            string what =
                $"case {i} ({Convert.ToBase64String(bytes)[..Math.Min(60, bytes.Length)]}…)";
            AssertCleanOutcome(
                RunWithLimit(
                    what,
                    "train",
                    csv,
                    "-o",
                    folder.File("fuzz.mlp"),
                    "--hidden",
                    "3",
                    "--epochs",
                    "1",
                    "--quiet"
                ),
                "train " + what
            );
            AssertCleanOutcome(RunWithLimit(what, "predict", model, csv), "predict " + what);
        }
    }

    [Fact]
    public void Mutated_model_files_predict_and_dump_or_fail_with_one_line()
    {
        using var folder = new TempFolder();
        string data = folder.Write("valid.csv", Generated.BinaryWithText(40, 9));
        string validModel = folder.File("valid.mlp");
        Assert.Equal(
            0,
            CliRunner
                .Run("train", data, "-o", validModel, "--hidden", "4,3", "--epochs", "2")
                .ExitCode
        );
        var valid = File.ReadAllBytes(validModel);
        var random = new Random(7);
        string model = folder.File("fuzz.mlp");
        for (int i = 0; i < ModelCases; i++)
        {
            File.WriteAllBytes(model, Mutate(valid, random));
            AssertCleanOutcome(
                RunWithLimit($"case {i}", "predict", model, data),
                $"predict case {i}"
            );
            AssertCleanOutcome(RunWithLimit($"case {i}", "weights", model), $"weights case {i}");
        }
    }

    /// <summary>Per command, options with values that fit, values that do not, and paths that are the run's own inputs.</summary>
    private static readonly Dictionary<string, (string Option, string[] Values)[]> Options = new()
    {
        ["train"] =
        [
            ("-o", ["OUT", "DATA", "MODEL", "-"]),
            ("--hidden", ["none", "4", "4,2", "0", "3x"]),
            ("--activation", ["relu", "tanh", "gelu", "swish"]),
            ("--optimizer", ["adam", "sgd", "momentum", "adamw", "lbfgs"]),
            ("--lr", ["0.01", "0", "-1", "abc"]),
            ("--momentum", ["0.5", "1.5"]),
            ("--l2", ["0.1", "-1"]),
            ("--epochs", ["1", "2", "0"]),
            ("--batch-size", ["full", "8", "0", "x"]),
            ("--validation", ["0.2", "0", "1", "x"]),
            ("--patience", ["2", "0"]),
            ("--stop-loss", ["0.5"]),
            ("--no-standardize", []),
            ("--threads", ["1", "2", "0"]),
            ("--history", ["H.csv", "-", "DATA", "OUT"]),
            ("--plot-loss", ["L.png", "L.jpg", "MODEL"]),
            ("--animate", ["A.gif", "A.png"]),
            ("--frame-every", ["1", "0"]),
            ("--animate-features", ["x1,x2", "x1", "color,x1", "x1,x1"]),
            ("--json", []),
            ("--quiet", []),
            ("--target", ["label", "x1", "99", "nope"]),
            ("--features", ["x1,x2", "nope", "label"]),
            ("--ignore", ["x3", "label"]),
            ("--categorical", ["x1", "nope"]),
            ("--missing", ["mean", "error", "median", "most-frequent", "median?"]),
            ("--task", ["auto", "binary", "regression", "multiclass", "tree"]),
            ("--seed", ["1", "-1", "x"]),
            ("--dropout", ["0.2", "1", "-0.1"]),
            ("--lr-schedule", ["step", "cosine", "plateau", "linear"]),
            ("--lr-step", ["2", "0"]),
            ("--lr-factor", ["0.5", "2"]),
            ("--lr-patience", ["1", "-1"]),
            ("--lr-min", ["0.0001", "-1"]),
            ("--class-weight", ["balanced", "yes=2", "maybe=1", "yes=-1"]),
            ("--sample-weight", ["x2", "label", "nope"]),
            ("--cv", ["3", "1", "1000"]),
            ("--resume", ["MODEL", "DATA"]),
            ("--missing-category", []),
        ],
        ["importance"] =
        [
            (
                "--method",
                [
                    "permutation",
                    "gradient",
                    "input-x-gradient",
                    "integrated-gradients",
                    "shap",
                    "garson",
                    "olden",
                    "first-layer",
                    "pdp",
                    "lime",
                    "all",
                    "lime?",
                ]
            ),
            ("--metric", ["accuracy", "log_loss", "mse", "x"]),
            ("--repeats", ["1", "0"]),
            ("--steps", ["2", "0"]),
            ("--samples", ["20", "5"]),
            ("--baseline", ["mean", "zero", "median"]),
            ("--background", ["5", "0", "DATA", "MODEL"]),
            ("--rows", ["10", "all", "0"]),
            ("--class", ["yes", "no", "maybe"]),
            ("--group", ["x1,x2", "x1,x1", "nope"]),
            ("--format", ["table", "json", "csv", "markdown", "xml"]),
            ("--json", []),
            ("--plot", ["P.png", "MODEL", "DATA", "P.svgz"]),
            ("--seed", ["3"]),
        ],
        ["predict"] =
        [
            ("--keep", []),
            ("--threshold", ["0.3", "2"]),
            ("--id", ["x1", "x1,color", "nope"]),
        ],
        ["eval"] =
        [
            ("--threshold", ["0.3", "-1"]),
            ("--json", []),
            ("--sample-weight", ["x2", "nope"]),
        ],
        ["weights"] = [("-o", ["W.json", "-", "MODEL"])],
        ["export"] = [("-o", ["M.onnx", "-", "MODEL"])],
        ["heatmap"] =
        [
            ("-o", ["P.png", "P.jpg", "MODEL"]),
            ("--layer", ["1", "2", "9"]),
            ("--annotate", []),
        ],
        ["network"] = [("-o", ["P.png", "MODEL"])],
        ["boundary"] =
        [
            ("-o", ["P.png", "DATA"]),
            ("--features", ["x1,x2", "x1,x1", "color,x1", "x1"]),
            ("--grid", ["10", "1"]),
        ],
        ["pdp"] =
        [
            ("--features", ["x1", "color", "x1,color", "x1,x1", "x1,x2,x3", "nope"]),
            ("--grid", ["5", "1", "x"]),
            ("--percentiles", ["0.1,0.9", "0.9,0.1", "0.5"]),
            ("--kind", ["average", "individual", "both", "all"]),
            ("--centered", []),
            ("--class", ["yes"]),
            ("--rows", ["10", "all", "0"]),
            ("--format", ["table", "json", "csv", "markdown"]),
            ("--json", []),
            ("--plot", ["P.png", "MODEL", "DATA", "P.jpg"]),
        ],
        ["interactions"] =
        [
            ("--method", ["h-statistic", "shap", "friedman"]),
            ("--rows", ["10", "all", "0"]),
            ("--background", ["5", "0", "DATA", "MODEL"]),
            ("--class", ["yes"]),
            ("--format", ["table", "json", "csv", "xml"]),
            ("--json", []),
            ("--plot", ["P.png", "MODEL", "DATA"]),
            ("--seed", ["3", "x"]),
        ],
        ["sweep"] =
        [
            ("--activation", ["relu,tanh", "relu", "swish"]),
            ("--lr", ["0.1,0.01", "0", "x"]),
            ("--hidden", ["3", "2,2", "0"]),
            ("--batch-size", ["8,full", "0"]),
            ("--optimizer", ["adam,sgd", "momentum", "lbfgs"]),
            ("--momentum", ["0.5"]),
            ("--validation", ["0.2", "1"]),
            ("--out", ["OUTDIR", "DATA", "MODEL"]),
            ("--plot", ["P.png", "DATA", "P.jpg"]),
            ("--plot-features", ["x1,x2", "x1"]),
            ("--json", []),
            ("--target", ["label", "nope"]),
        ],
    };

    [Fact]
    public void Random_command_lines_succeed_or_fail_with_one_line_and_never_touch_an_input()
    {
        using var folder = new TempFolder();
        string data = folder.Write(
            "data.csv",
            Generated.BinaryWithText(40, 9).Replace("x1,x2,x3,color,label", "x1,x2,x3,color,label")
        );
        string model = folder.File("model.mlp");
        Assert.Equal(
            0,
            CliRunner.Run("train", data, "-o", model, "--hidden", "4,2", "--epochs", "2").ExitCode
        );
        var dataBytes = File.ReadAllBytes(data);
        var modelBytes = File.ReadAllBytes(model);
        string Path(string value) =>
            value switch
            {
                "DATA" => data,
                "MODEL" => model,
                "OUT" => folder.File("out.mlp"),
                "OUTDIR" => folder.File("models"),
                "H.csv"
                or "L.png"
                or "L.jpg"
                or "A.gif"
                or "A.png"
                or "P.png"
                or "P.jpg"
                or "P.svgz"
                or "W.json"
                or "M.onnx" => folder.File(value),
                _ => value,
            };
        var random = new Random(20261124);
        var commands = Options.Keys.ToArray();
        for (int i = 0; i < CommandLineCases; i++)
        {
            string command = commands[random.Next(commands.Length)];
            var args = new List<string> { command };
            args.AddRange(
                command switch
                {
                    "train" or "sweep" => [data],
                    "importance" or "predict" or "eval" or "boundary" or "pdp" or "interactions" =>
                    [
                        model,
                        data,
                    ],
                    _ => [model],
                }
            );
            if (command is "heatmap" or "network")
            {
                args.AddRange(["-o", folder.File("P.png")]);
            }
            if (command == "boundary")
            {
                args.AddRange(["-o", folder.File("B.png")]);
            }
            if (command == "train")
            {
                args.AddRange(["--epochs", "1", "--hidden", "3"]);
            }
            if (command == "sweep")
            {
                args.AddRange(["--epochs", "1"]);
            }
            var pool = Options[command];
            int count = random.Next(0, 5);
            for (int o = 0; o < count; o++)
            {
                var (option, values) = pool[random.Next(pool.Length)];
                args.Add(option);
                if (values.Length > 0)
                {
                    args.Add(Path(values[random.Next(values.Length)]));
                }
            }
            string what = $"case {i}: mlp {string.Join(' ', args)}";
            AssertCleanOutcome(RunWithLimit(what, [.. args]), what, usageErrors: true);
            Assert.True(
                dataBytes.AsSpan().SequenceEqual(File.ReadAllBytes(data)),
                $"{what}: the data changed"
            );
            Assert.True(
                modelBytes.AsSpan().SequenceEqual(File.ReadAllBytes(model)),
                $"{what}: the model changed"
            );
            Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
        }
    }
}
