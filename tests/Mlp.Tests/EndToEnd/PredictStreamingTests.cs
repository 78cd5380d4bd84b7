using System.Globalization;
using System.Text;
using Mlp.Cli.Commands;
using Mlp.Kernels;

namespace Mlp.Tests.EndToEnd;

/// <summary>
/// predict parses the next chunk of rows on another thread while it predicts and writes the
/// last: over many chunks every row comes out once, in file order, as a single-row prediction
/// gives it (to float rounding); a bad row stops the run after the rows of the chunks before its own.
/// </summary>
[CollectionDefinition(nameof(PredictStreamingTests), DisableParallelization = true)]
[Collection(nameof(PredictStreamingTests))]
public class PredictStreamingTests
{
    private const int Chunk = 1024;

    public static TheoryData<int> Ways() => [0, 1, 3, 4];

    /// <summary>
    /// Runs predict with its rows parsed on this thread (0), one thread of their own (1), as
    /// pieces on four threads (3), or as pieces of one chunk each on <paramref name="threads"/>
    /// threads (4: the most pieces, dealt round and round).
    /// </summary>
    private static CliRunner.Result Predict(int way, string[] args, int threads = 3) =>
        WorkerPool.WithThreads(
            way == 3 ? 4
                : way == 4 ? threads
                : 2,
            () =>
            {
                var (parallel, threaded, pieces) = (
                    PredictCommand.ParallelBytes,
                    PredictCommand.ThreadedBytes,
                    PredictCommand.PieceBytes
                );
                try
                {
                    PredictCommand.ThreadedBytes = way == 0 ? long.MaxValue : 0;
                    PredictCommand.ParallelBytes = way >= 3 ? 0 : long.MaxValue;
                    PredictCommand.PieceBytes = way == 4 ? 1 : pieces;
                    return CliRunner.Run(["predict", .. args]);
                }
                finally
                {
                    (
                        PredictCommand.ParallelBytes,
                        PredictCommand.ThreadedBytes,
                        PredictCommand.PieceBytes
                    ) = (parallel, threaded, pieces);
                }
            }
        );

    private static CliRunner.Result Predict(int way, params string[] args) => Predict(way, args, 3);

    private static string Rows(int count, int badRow = -1)
    {
        var text = new StringBuilder("id,x1,x2,colour\n");
        for (int r = 0; r < count; r++)
        {
            double x1 = Math.Sin(r * 0.37) * 3,
                x2 = (r % 97) / 10.0;
            string colour = (r % 3) switch
            {
                0 => "red",
                1 => "\"blue, dark\"",
                _ => "green",
            };
            text.Append(
                CultureInfo.InvariantCulture,
                $"row{r},{(r == badRow ? "inf" : x1.ToString("R", CultureInfo.InvariantCulture))},{x2.ToString("R", CultureInfo.InvariantCulture)},{colour}\n"
            );
        }
        return text.ToString();
    }

    private static (TempFolder Folder, string Model) Trained()
    {
        var folder = new TempFolder();
        var train = new StringBuilder("x1,x2,colour,y\n");
        for (int r = 0; r < 300; r++)
        {
            double x1 = Math.Cos(r * 0.11) * 3,
                x2 = (r % 13) / 2.0;
            string colour =
                r % 3 == 0 ? "red"
                : r % 3 == 1 ? "\"blue, dark\""
                : "green";
            train.Append(
                CultureInfo.InvariantCulture,
                $"{x1.ToString("R", CultureInfo.InvariantCulture)},{x2.ToString("R", CultureInfo.InvariantCulture)},{colour},{(x1 + x2 > 3 ? "yes" : "no")}\n"
            );
        }
        string model = folder.File("m.mlp");
        var run = CliRunner.Run(
            "train",
            folder.Write("train.csv", train.ToString()),
            "-o",
            model,
            "--epochs",
            "5",
            "-q"
        );
        Assert.True(run.ExitCode == 0, run.Stderr);
        return (folder, model);
    }

    public static TheoryData<int, int> Counts()
    {
        var cases = new TheoryData<int, int>();
        foreach (int way in new[] { 0, 1, 3, 4 })
        {
            foreach (int count in new[] { 1, Chunk, Chunk + 1, 5 * Chunk + 17 })
            {
                cases.Add(way, count);
            }
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(Counts))]
    public void Every_row_comes_out_once_in_file_order_as_one_row_alone_predicts(int way, int count)
    {
        var (folder, model) = Trained();
        using (folder)
        {
            string data = folder.Write("rows.csv", Rows(count));
            var run = Predict(way, model, data, "--id", "id");
            Assert.True(run.ExitCode == 0, run.Stderr);
            Assert.Equal(
                CliRunner.Run("predict", model, data, "--id", "id").StdoutBytes,
                run.StdoutBytes
            );
            var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("id,p_yes,label", lines[0]);
            Assert.Equal(count + 1, lines.Length);
            var library = TrainedModel.Load(model);
            var all = Rows(count).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            for (int r = 0; r < count; r += Math.Max(1, count / 40))
            {
                Assert.StartsWith($"row{r},", lines[r + 1], StringComparison.Ordinal);
                var cells = all[r + 1].Split(',', 4);
                var alone = library.Predict([cells[1], cells[2], cells[3].Trim('"')]);
                string p = lines[r + 1].Split(',')[1];
                // One row alone may take another product path than a chunk: equal to float rounding.
                Assert.Equal(
                    alone.Probabilities[1],
                    float.Parse(p, CultureInfo.InvariantCulture),
                    1e-6
                );
            }
        }
    }

    [Theory]
    [MemberData(nameof(Ways))]
    public void A_bad_row_stops_the_run_after_the_chunks_before_its_own(int way)
    {
        var (folder, model) = Trained();
        using (folder)
        {
            int bad = 2 * Chunk + 500;
            string data = folder.Write("rows.csv", Rows(4 * Chunk, bad));
            var run = Predict(way, model, data, "--id", "id");
            Assert.Equal(1, run.ExitCode);
            var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2 * Chunk + 1, lines.Length);
            Assert.StartsWith($"row{2 * Chunk - 1},", lines[^1], StringComparison.Ordinal);
            Assert.StartsWith(
                "mlp: error: value 'inf' is not a finite number",
                run.Stderr,
                StringComparison.Ordinal
            );
            Assert.Contains($"{data}:{bad + 2}", run.Stderr, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Pieces of one chunk each on 2 to 5 threads, on random row counts and bad rows: the output
    /// is byte for byte the one-thread run's, up to the same row, with the same error line.
    /// </summary>
    [Fact]
    public void Pieces_on_any_thread_count_give_the_one_thread_output()
    {
        var (folder, model) = Trained();
        using (folder)
        {
            var random = new Random(61);
            for (int trial = 0; trial < 6; trial++)
            {
                int count = random.Next(1, 12 * Chunk);
                int bad = trial % 2 == 0 ? -1 : random.Next(count);
                string data = folder.Write($"rows{trial}.csv", Rows(count, bad));
                string[] args = [model, data, "--id", "id"];
                var alone = Predict(0, args);
                var pieces = Predict(4, args, random.Next(2, 6));
                Assert.Equal(alone.ExitCode, pieces.ExitCode);
                Assert.Equal(alone.Stdout, pieces.Stdout);
                Assert.Equal(alone.Stderr, pieces.Stderr);
            }
        }
    }
}
