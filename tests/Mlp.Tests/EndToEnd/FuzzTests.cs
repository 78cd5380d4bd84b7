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

    private static void AssertCleanOutcome(CliRunner.Result result, string what)
    {
        Assert.True(result.ExitCode is 0 or 1, $"{what}: exit {result.ExitCode}\n{result.Stderr}");
        Assert.DoesNotContain("internal failure", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        if (result.ExitCode == 1)
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
}
