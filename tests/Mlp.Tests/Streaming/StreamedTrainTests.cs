using System.Text.Json;

namespace Mlp.Tests.Streaming;

/// <summary>
/// `mlp train` on data over --memory, as a user runs it: the same model on any thread count
/// and from a reused cache; a model as good on held-out rows as the in-memory run's; metrics
/// that `mlp eval` recomputes; what needs every row in memory refused in one line.
/// </summary>
public class StreamedTrainTests
{
    private static CliRunner.Result Train(string data, string model, params string[] options)
    {
        var run = CliRunner.Run(["train", data, "-o", model, "-q", .. options]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return run;
    }

    [Fact]
    public void ModelIsTheSameOnAnyThreadCountAndFromAReusedCache()
    {
        using var folder = new TempFolder();
        string data = folder.Write("data.csv", StreamedFiles.Make(3000, 3, true, 5).Text);
        string[] options =
        [
            "--memory",
            "1K",
            "--epochs",
            "3",
            "--batch-size",
            "128",
            "--cache",
            folder.File("cache"),
        ];
        var first = Train(data, folder.File("t1.mlp"), [.. options, "--threads", "1"]);
        Assert.Contains("streamed", first.Stdout);
        Assert.Contains("(made)", first.Stdout);
        var second = Train(data, folder.File("t2.mlp"), [.. options, "--threads", "2"]);
        Assert.Contains("(reused)", second.Stdout);
        Assert.Equal(
            File.ReadAllBytes(folder.File("t1.mlp")),
            File.ReadAllBytes(folder.File("t2.mlp"))
        );
        Assert.Single(Directory.GetFiles(folder.File("cache")));
    }

    [Fact]
    public void HeldOutQualityMatchesTheInMemoryRun()
    {
        using var folder = new TempFolder();
        var table = StreamedFiles.Make(24000, 3, false, 9).Text.Split('\n');
        string train = folder.Write("train.csv", string.Join('\n', table[..20001]) + "\n");
        string test = folder.Write("test.csv", table[0] + "\n" + string.Join('\n', table[20001..]));
        string[] options = ["--epochs", "8", "--hidden", "32"];
        Train(train, folder.File("memory.mlp"), options);
        var streamed = Train(train, folder.File("streamed.mlp"), [.. options, "--memory", "100K"]);
        Assert.Contains("streamed", streamed.Stdout);
        double R2(string model)
        {
            var run = CliRunner.Run("eval", model, test, "--json");
            Assert.True(run.ExitCode == 0, run.Stderr);
            using var json = JsonDocument.Parse(run.Stdout);
            return json.RootElement.GetProperty("metrics").GetProperty("r2").GetDouble();
        }
        double memory = R2(folder.File("memory.mlp"));
        double stream = R2(folder.File("streamed.mlp"));
        Assert.True(memory > 0.9, $"in memory r2 {memory}");
        Assert.True(Math.Abs(memory - stream) < 0.01, $"r2 in memory {memory}, streamed {stream}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void PrintedMetricsAreEvalsOnTheSameRows(bool classes)
    {
        using var folder = new TempFolder();
        string data = folder.Write("data.csv", StreamedFiles.Make(5000, 2, classes, 21).Text);
        var run = Train(
            data,
            folder.File("m.mlp"),
            "--memory",
            "1K",
            "--epochs",
            "4",
            "--json",
            "--sample-weight",
            "w"
        );
        var eval = CliRunner.Run(
            "eval",
            folder.File("m.mlp"),
            data,
            "--json",
            "--sample-weight",
            "w"
        );
        Assert.True(eval.ExitCode == 0, eval.Stderr);
        using var trained = JsonDocument.Parse(run.Stdout);
        using var evaluated = JsonDocument.Parse(eval.Stdout);
        Assert.Equal(
            5000,
            trained
                .RootElement.GetProperty("streamed")
                .GetProperty("metric_training_rows")
                .GetInt32()
        );
        var printed = trained.RootElement.GetProperty("metrics");
        var recomputed = evaluated.RootElement.GetProperty("metrics");
        foreach (string metric in classes ? new[] { "accuracy", "log_loss" } : ["mse", "r2", "mae"])
        {
            double a = printed.GetProperty(metric).GetDouble();
            double b = recomputed.GetProperty(metric).GetDouble();
            Assert.True(
                Math.Abs(a - b) <= 1e-4 * Math.Max(1, Math.Abs(b)),
                $"{metric}: train printed {a}, eval {b}"
            );
        }
    }

    [Fact]
    public void EarlyStoppingHoldsOutBlocksAndKeepsTheBestEpoch()
    {
        using var folder = new TempFolder();
        string data = folder.Write("data.csv", StreamedFiles.Make(30000, 2, false, 3).Text);
        var run = Train(
            data,
            folder.File("m.mlp"),
            "--memory",
            "1K",
            "--epochs",
            "40",
            "--validation",
            "0.25",
            "--patience",
            "2",
            "--lr",
            "0.05",
            "--json",
            "--history",
            folder.File("h.csv")
        );
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        int epochs = root.GetProperty("epochs_run").GetInt32();
        int best = root.GetProperty("best_epoch").GetInt32();
        var history = File.ReadAllLines(folder.File("h.csv"))
            .Skip(1)
            .Select(line => line.Split(','))
            .ToArray();
        Assert.Equal(epochs, history.Length);
        var losses = history
            .Select(fields =>
                double.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture)
            )
            .ToArray();
        Assert.Equal(losses.Min(), losses[best - 1]);
        Assert.Equal(root.GetProperty("val_loss").GetDouble(), losses[best - 1], 12);
        // A quarter of the blocks, whole: the short last block among them or not.
        int size = Mlp.Data.Streaming.BlockSplit.RowsPerBlock(30000);
        int held = (int)Math.Round((30000 + size - 1) / size * 0.25);
        int validationRows = root.GetProperty("streamed")
            .GetProperty("metric_validation_rows")
            .GetInt32();
        Assert.Contains(validationRows, new[] { held * size, (held - 1) * size + 30000 % size });
    }

    [Theory]
    [InlineData("--resume", "model")]
    [InlineData("--animate", "a.gif")]
    [InlineData("--validation-data", "data")]
    [InlineData("--ensemble", "3")]
    [InlineData("--memory", "lots")]
    [InlineData("--batch-size", "full")]
    public void WhatNeedsEveryRowInMemoryIsRefused(string option, string value)
    {
        using var folder = new TempFolder();
        string data = folder.Write("data.csv", StreamedFiles.Make(300, 2, false, 1).Text);
        Train(data, folder.File("model.mlp"), "--epochs", "1");
        string given = value switch
        {
            "model" => folder.File("model.mlp"),
            "data" => data,
            _ => folder.File(value),
        };
        if (option is "--ensemble" or "--memory" or "--batch-size")
        {
            given = value;
        }
        string[] memory = option == "--memory" ? [] : ["--memory", "1K"];
        var run = CliRunner.Run([
            "train",
            data,
            "-o",
            folder.File("other.mlp"),
            option,
            given,
            .. memory,
        ]);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("mlp: error: ", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.False(File.Exists(folder.File("other.mlp")));
    }

    [Fact]
    public void ClassPastTheSchemaRowsNamesItsLine()
    {
        using var folder = new TempFolder();
        var lines = StreamedFiles.Make(2500, 2, true, 4).Text.TrimEnd('\n').Split('\n').ToList();
        lines.Add(lines[^1][..lines[^1].LastIndexOf(',')] + ",rare");
        string data = folder.Write("data.csv", string.Join('\n', lines) + "\n");
        var run = CliRunner.Run("train", data, "-o", folder.File("m.mlp"), "--memory", "1K");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("label 'rare'", run.Stderr);
        Assert.Contains($"data.csv:{lines.Count}", run.Stderr);
        Assert.Contains("first 1000 rows", run.Stderr);
    }

    [Fact]
    public void CrossValidationFoldsAreWholeBlocksAndScoreAsInMemory()
    {
        using var folder = new TempFolder();
        string data = folder.Write("data.csv", StreamedFiles.Make(20000, 3, false, 8).Text);
        string[] cv =
        [
            "train",
            data,
            "--cv",
            "4",
            "--epochs",
            "6",
            "--hidden",
            "32",
            "--json",
            "-q",
        ];
        var memory = CliRunner.Run(cv);
        var streamed = CliRunner.Run([.. cv, "--memory", "1K"]);
        Assert.True(streamed.ExitCode == 0, streamed.Stderr);
        using var memoryJson = JsonDocument.Parse(memory.Stdout);
        using var streamedJson = JsonDocument.Parse(streamed.Stdout);
        var folds = streamedJson
            .RootElement.GetProperty("test_rows")
            .EnumerateArray()
            .Select(fold => fold.EnumerateArray().Select(row => row.GetInt32()).ToArray())
            .ToArray();
        Assert.Equal(Enumerable.Range(0, 20000), folds.SelectMany(rows => rows).Order());
        foreach (var rows in folds)
        {
            // Whole blocks (the last block is shorter).
            int size = Mlp.Data.Streaming.BlockSplit.RowsPerBlock(20000);
            Assert.All(
                rows.GroupBy(row => row / size),
                block => Assert.Equal(Math.Min(size, 20000 - block.Key * size), block.Count())
            );
        }
        double R2(JsonDocument json) =>
            json
                .RootElement.GetProperty("metrics")
                .GetProperty("r2")
                .GetProperty("mean")
                .GetDouble();
        Assert.True(
            Math.Abs(R2(memoryJson) - R2(streamedJson)) < 0.02,
            $"{R2(memoryJson)} against {R2(streamedJson)}"
        );
    }

    [Fact]
    public void ShardedStreamedCrossValidationMergesToTheWholeRun()
    {
        using var folder = new TempFolder();
        string data = folder.Write("data.csv", StreamedFiles.Make(15000, 2, true, 2).Text);
        string[] cv = ["train", data, "--cv", "3", "--epochs", "2", "--memory", "1K", "-q"];
        var whole = CliRunner.Run(cv);
        Assert.True(whole.ExitCode == 0, whole.Stderr);
        var files = new List<string>();
        for (int k = 0; k < 2; k++)
        {
            var part = CliRunner.Run([.. cv, "--shard", $"{k}/2"]);
            Assert.True(part.ExitCode == 0, part.Stderr);
            files.Add(folder.Write($"s{k}.out", part.Stdout));
        }
        var merged = CliRunner.Run(["merge", files[1], files[0]]);
        Assert.True(merged.ExitCode == 0, merged.Stderr);
        Assert.Equal(whole.Stdout, merged.Stdout);
    }

    [Fact]
    public void SmallDataStreamedWithTheDefaultsHoldsOutBlocks()
    {
        using var folder = new TempFolder();
        string data = folder.Write("data.csv", StreamedFiles.Make(178, 2, true, 12).Text);
        var run = Train(data, folder.File("m.mlp"), "--memory", "1K", "--json");
        using var json = JsonDocument.Parse(run.Stdout);
        var streamed = json.RootElement.GetProperty("streamed");
        Assert.Equal(2, streamed.GetProperty("block_rows").GetInt32());
        // A fifth of the 89 blocks of 2 rows: 18 blocks, one of them the last, short one or not.
        Assert.InRange(streamed.GetProperty("metric_validation_rows").GetInt32(), 35, 36);
    }

    /// <summary>--hidden auto on a streamed multiclass table: both shapes run on the same blocks, and the one with the lower held-out loss is the model.</summary>
    [Fact]
    public void StreamedMulticlassKeepsTheShapeWithTheLowerHeldOutLoss()
    {
        string data = Path.Combine(AppContext.BaseDirectory, "Data", "iris.csv");
        using var folder = new TempFolder();
        var run = Train(
            data,
            folder.File("m.mlp"),
            "--memory",
            "1K",
            "--cache",
            folder.File("cache"),
            "--json"
        );
        using var json = JsonDocument.Parse(run.Stdout);
        var chosen = json.RootElement.GetProperty("chosen");
        var candidates = chosen.GetProperty("network").GetProperty("candidates").EnumerateArray();
        var best = candidates.MinBy(c => c.GetProperty("validation_loss").GetDouble());
        Assert.Equal(2, candidates.Count());
        Assert.Equal(
            best.GetProperty("hidden").EnumerateArray().Select(w => w.GetInt32()),
            chosen
                .GetProperty("network")
                .GetProperty("hidden")
                .EnumerateArray()
                .Select(w => w.GetInt32())
        );
        Assert.Equal(
            best.GetProperty("validation_loss").GetDouble(),
            chosen.GetProperty("epochs").GetProperty("validation_loss").GetDouble()
        );
    }
}
