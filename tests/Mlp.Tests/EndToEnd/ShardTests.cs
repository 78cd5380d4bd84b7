using System.Globalization;
using System.Text;

namespace Mlp.Tests.EndToEnd;

/// <summary>
/// predict --shard K/N does a contiguous part of the rows, cut at record boundaries whatever
/// the quoting, and `mlp merge` of the N outputs in shard order is byte for byte the whole run's
/// output: on random row counts, shard counts, widths and files with quoted line breaks.
/// </summary>
public class ShardTests
{
    /// <summary>A file whose text column has commas, quotes and line breaks inside quotes.</summary>
    private static string Data(int rows, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder("id,x1,note,x2\n");
        string[] notes = ["plain", "\"with, comma\"", "\"two\nlines\"", "\"a \"\"quote\"\"\"", ""];
        for (int r = 0; r < rows; r++)
        {
            text.Append(
                CultureInfo.InvariantCulture,
                $"{r},{Math.Round(random.NextDouble() * 8 - 4, 4)},{notes[random.Next(notes.Length)]},{random.Next(10)}\n"
            );
        }
        return text.ToString();
    }

    private static string Train(TempFolder folder, string hidden)
    {
        var random = new Random(3);
        var text = new StringBuilder("x1,x2,y\n");
        for (int r = 0; r < 200; r++)
        {
            double x1 = random.NextDouble() * 8 - 4;
            int x2 = random.Next(10);
            text.Append(
                CultureInfo.InvariantCulture,
                $"{x1},{x2},{(x1 * x2 > 2 ? "a" : x1 > 0 ? "b" : "c")}\n"
            );
        }
        string model = folder.File($"m{hidden}.mlp");
        var run = CliRunner.Run(
            "train",
            folder.Write("train.csv", text.ToString()),
            "-o",
            model,
            "--epochs",
            "3",
            "--hidden",
            hidden,
            "-q"
        );
        Assert.True(run.ExitCode == 0, run.Stderr);
        return model;
    }

    public static TheoryData<int, int, string> Cases()
    {
        var cases = new TheoryData<int, int, string>();
        var random = new Random(20261207);
        foreach (string hidden in new[] { "4", "16,8", "96" })
        {
            for (int i = 0; i < 4; i++)
            {
                cases.Add(random.Next(1, 3000), random.Next(1, 9), hidden);
            }
        }
        cases.Add(0, 3, "4");
        cases.Add(5, 7, "4");
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Merged_shards_are_the_whole_prediction_byte_for_byte(
        int rows,
        int shards,
        string hidden
    )
    {
        using var folder = new TempFolder();
        string model = Train(folder, hidden);
        string data = folder.Write("data.csv", Data(rows, rows + shards));
        var whole = CliRunner.Run("predict", model, data, "--keep");
        Assert.True(whole.ExitCode == 0, whole.Stderr);
        var files = new List<string>();
        for (int k = 0; k < shards; k++)
        {
            var part = CliRunner.Run("predict", model, data, "--keep", "--shard", $"{k}/{shards}");
            Assert.True(part.ExitCode == 0, part.Stderr);
            files.Add(folder.Write($"part{k}.csv", part.Stdout));
        }
        var merged = CliRunner.Run(["merge", .. files]);
        Assert.True(merged.ExitCode == 0, merged.Stderr);
        Assert.Equal(whole.StdoutBytes, merged.StdoutBytes);
        string path = folder.File("merged.csv");
        Assert.Equal(0, CliRunner.Run(["merge", .. files, "-o", path]).ExitCode);
        Assert.Equal(whole.StdoutBytes, File.ReadAllBytes(path));
    }

    [Theory]
    [InlineData(2500, 700, 3)]
    [InlineData(5000, 4096, 4)]
    [InlineData(999, 100, 5)]
    public void Parquet_shards_merge_to_the_whole_prediction(int rows, int rowsPerGroup, int shards)
    {
        using var folder = new TempFolder();
        string model = Train(folder, "16,8");
        var random = new Random(rows);
        string data = folder.File("data.parquet");
        Mlp.Tests.Data.ParquetFiles.Write(
            data,
            rowsPerGroup,
            new(
                new Parquet.Schema.DataField<double>("x1"),
                Enumerable.Range(0, rows).Select(_ => random.NextDouble() * 8 - 4).ToArray()
            ),
            new(
                new Parquet.Schema.DataField<double>("x2"),
                Enumerable.Range(0, rows).Select(_ => (double)random.Next(10)).ToArray()
            )
        );
        var whole = CliRunner.Run("predict", model, data);
        Assert.True(whole.ExitCode == 0, whole.Stderr);
        var files = new List<string>();
        for (int k = 0; k < shards; k++)
        {
            var part = CliRunner.Run("predict", model, data, "--shard", $"{k}/{shards}");
            Assert.True(part.ExitCode == 0, part.Stderr);
            files.Add(folder.Write($"part{k}.csv", part.Stdout));
        }
        var merged = CliRunner.Run(["merge", .. files]);
        Assert.Equal(whole.StdoutBytes, merged.StdoutBytes);
    }

    [Fact]
    public void A_bad_row_in_a_shard_is_reported_at_its_line_in_the_file()
    {
        using var folder = new TempFolder();
        string model = Train(folder, "4");
        string text = Data(900, 1);
        var lines = text.Split('\n').ToList();
        // Physical line of the bad value: rows with a two-line note take two lines.
        int badRow = 700;
        int line = text[..IndexOfRow(text, badRow)].Count(c => c == '\n') + 1;
        string bad = ReplaceFirstNumber(text, badRow);
        string data = folder.Write("bad.csv", bad);
        var whole = CliRunner.Run("predict", model, data);
        Assert.Equal(1, whole.ExitCode);
        Assert.Contains($"{data}:{line}", whole.Stderr, StringComparison.Ordinal);
        int failing = 0;
        for (int k = 0; k < 3; k++)
        {
            var part = CliRunner.Run("predict", model, data, "--shard", $"{k}/3");
            if (part.ExitCode != 0)
            {
                failing++;
                Assert.Equal(whole.Stderr, part.Stderr);
            }
        }
        Assert.Equal(1, failing);
    }

    private static int IndexOfRow(string text, int row) =>
        text.IndexOf($"\n{row},", StringComparison.Ordinal) + 1;

    private static string ReplaceFirstNumber(string text, int row)
    {
        int start = IndexOfRow(text, row);
        int comma = text.IndexOf(',', start);
        int next = text.IndexOf(',', comma + 1);
        return text[..(comma + 1)] + "inf" + text[next..];
    }

    [Fact]
    public void Standard_input_and_gzip_cannot_be_sharded_and_auto_needs_a_slurm_task()
    {
        using var folder = new TempFolder();
        string model = Train(folder, "4");
        var stdin = CliRunner.RunWithInput(Data(10, 1), "predict", model, "-", "--shard", "0/2");
        Assert.Equal(2, stdin.ExitCode);
        Assert.Contains("not standard input", stdin.Stderr, StringComparison.Ordinal);
        string gz = folder.File("d.csv.gz");
        using (var file = File.Create(gz))
        using (
            var zip = new System.IO.Compression.GZipStream(
                file,
                System.IO.Compression.CompressionLevel.Fastest
            )
        )
        {
            zip.Write(Encoding.UTF8.GetBytes(Data(10, 1)));
        }
        var gzip = CliRunner.Run("predict", model, gz, "--shard", "1/2");
        Assert.Equal(1, gzip.ExitCode);
        Assert.Contains("gzip", gzip.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, CliRunner.Run("predict", model, gz, "--shard", "2/2").ExitCode);
        Assert.Equal(2, CliRunner.Run("predict", model, gz, "--shard", "x").ExitCode);
        if (Environment.GetEnvironmentVariable("SLURM_ARRAY_TASK_ID") is null)
        {
            var auto = CliRunner.Run("predict", model, gz, "--shard", "auto");
            Assert.Equal(2, auto.ExitCode);
            Assert.Contains("SLURM_ARRAY_TASK_ID", auto.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Slurm_writes_a_script_of_an_array_and_a_merge_that_waits_for_it()
    {
        using var folder = new TempFolder();
        string model = Train(folder, "4");
        string data = folder.Write("data.csv", Data(50, 1));
        var run = CliRunner.Run(
            "predict",
            model,
            data,
            "--keep",
            "--slurm",
            folder.File("out.csv"),
            "--shard-count",
            "4"
        );
        Assert.True(run.ExitCode == 0, run.Stderr);
        string script = run.Stdout;
        Assert.StartsWith("#!/usr/bin/env bash\n", script, StringComparison.Ordinal);
        Assert.Contains(
            $"predict {model} {data} --keep --shard auto",
            script,
            StringComparison.Ordinal
        );
        Assert.Contains("sbatch --parsable --array=0-3", script, StringComparison.Ordinal);
        Assert.Contains("--dependency=afterok:\"$array\"", script, StringComparison.Ordinal);
        Assert.Contains("0003.out -o", script, StringComparison.Ordinal);
        Assert.DoesNotContain("--slurm", script, StringComparison.Ordinal);
        Assert.DoesNotContain("--shard-count", script, StringComparison.Ordinal);
        var overwrite = CliRunner.Run(
            "predict",
            model,
            data,
            "--slurm",
            data,
            "--shard-count",
            "2"
        );
        Assert.Equal(2, overwrite.ExitCode);
        Assert.Contains("is also the data of this run", overwrite.Stderr, StringComparison.Ordinal);
        Assert.Equal("", overwrite.Stdout);
        string[][] refused =
        [
            ["--slurm", "-", "--shard-count", "2"],
            ["--slurm", "x.csv"],
            ["--slurm", "x.csv", "--shard-count", "0"],
            ["--slurm", "x.csv", "--shard-count", "2", "--shard", "0/2"],
            ["--submit"],
            ["--shard-count", "2"],
        ];
        foreach (var options in refused)
        {
            var run2 = CliRunner.Run(["predict", model, data, .. options]);
            Assert.True(run2.ExitCode == 2, string.Join(' ', options) + ": " + run2.Stderr);
        }
    }
}
