using System.Text.RegularExpressions;

namespace Mlp.Tests.EndToEnd;

/// <summary>
/// sweep, train --cv, importance (permutation) and pdp run as N shards (N drawn at random, also
/// more shards than parts) and put together by `mlp merge` write exactly what the whole command
/// writes, side files included; merge refuses shards of different runs, a missing shard or a
/// duplicate, and data that changed.
/// </summary>
public partial class ShardMergeTests
{
    private static (string Data, string Model) Setup(TempFolder folder, bool regression = false)
    {
        string data = folder.Write(
            "data.csv",
            regression ? Generated.Regression(240, 5) : Generated.BinaryWithText(240, 5)
        );
        string model = folder.File("m.mlp");
        var train = CliRunner.Run(
            "train",
            data,
            "-o",
            model,
            "--epochs",
            "4",
            "--hidden",
            "8",
            "-q"
        );
        Assert.True(train.ExitCode == 0, train.Stderr);
        return (data, model);
    }

    /// <summary>Runs the command whole and as <paramref name="shards"/> shards (given to merge in a shuffled order); both outputs.</summary>
    private static (CliRunner.Result Whole, CliRunner.Result Merged) WholeAndMerged(
        TempFolder folder,
        int shards,
        params string[] args
    )
    {
        var whole = CliRunner.Run(args);
        Assert.True(whole.ExitCode == 0, whole.Stderr);
        var files = new List<string>();
        for (int k = 0; k < shards; k++)
        {
            var part = CliRunner.Run([.. args, "--shard", $"{k}/{shards}"]);
            Assert.True(part.ExitCode == 0, part.Stderr);
            files.Add(folder.Write($"shard{k}.out", part.Stdout));
        }
        var order = files.OrderBy(_ => Random.Shared.Next()).ToArray();
        var merged = CliRunner.Run(["merge", .. order]);
        Assert.True(merged.ExitCode == 0, merged.Stderr);
        return (whole, merged);
    }

    public static TheoryData<int, bool> ShardCounts()
    {
        var random = new Random(33);
        var cases = new TheoryData<int, bool>();
        for (int i = 0; i < 3; i++)
        {
            cases.Add(random.Next(1, 8), i % 2 == 0);
        }
        cases.Add(9, true);
        return cases;
    }

    [Theory]
    [MemberData(nameof(ShardCounts))]
    public void Permutation_importance_merges_to_the_whole_run(int shards, bool json)
    {
        using var folder = new TempFolder();
        var (data, model) = Setup(folder);
        string repeats = (shards % 4 + 1).ToString(
            System.Globalization.CultureInfo.InvariantCulture
        );
        var (whole, merged) = WholeAndMerged(
            folder,
            shards,
            [
                "importance",
                model,
                data,
                "--method",
                "permutation",
                "--repeats",
                repeats,
                "--seed",
                "9",
                .. json ? ["--json"] : Array.Empty<string>(),
            ]
        );
        Assert.Equal(whole.StdoutBytes, merged.StdoutBytes);
    }

    [Theory]
    [MemberData(nameof(ShardCounts))]
    public void Partial_dependence_merges_to_the_whole_run(int shards, bool twoWay)
    {
        using var folder = new TempFolder();
        var (data, model) = Setup(folder, regression: true);
        var (whole, merged) = WholeAndMerged(
            folder,
            shards,
            "pdp",
            model,
            data,
            "--features",
            twoWay ? "x1,x2" : "x2",
            "--grid",
            twoWay ? "11" : "40",
            "--kind",
            "both",
            "--json"
        );
        Assert.Equal(whole.StdoutBytes, merged.StdoutBytes);
    }

    [Theory]
    [MemberData(nameof(ShardCounts))]
    public void Cross_validation_merges_to_the_whole_run(int shards, bool json)
    {
        using var folder = new TempFolder();
        var (data, _) = Setup(folder);
        var (whole, merged) = WholeAndMerged(
            folder,
            shards,
            [
                "train",
                data,
                "--cv",
                "5",
                "--epochs",
                "3",
                "--hidden",
                "8",
                "-q",
                .. json ? ["--json"] : Array.Empty<string>(),
            ]
        );
        Assert.Equal(whole.StdoutBytes, merged.StdoutBytes);
        Assert.Equal(whole.Stderr, merged.Stderr);
    }

    [Theory]
    [MemberData(nameof(ShardCounts))]
    public void A_sweep_merges_to_the_whole_run_but_for_its_timings(int shards, bool json)
    {
        using var folder = new TempFolder();
        var (data, _) = Setup(folder);
        string[] Sweep(string models) =>
            [
                "sweep",
                data,
                "--activation",
                "relu,tanh",
                "--lr",
                "0.01,0.1,1e6",
                "--epochs",
                "3",
                "--hidden",
                "8",
                "--out",
                folder.File(models),
                "-q",
                .. json ? ["--json"] : Array.Empty<string>(),
            ];
        var whole = CliRunner.Run(Sweep("whole"));
        var files = new List<string>();
        for (int k = 0; k < shards; k++)
        {
            var part = CliRunner.Run([.. Sweep("merge"), "--shard", $"{k}/{shards}"]);
            files.Add(folder.Write($"shard{k}.out", part.Stdout));
        }
        var merged = CliRunner.Run(["merge", .. files]);
        Assert.Equal(whole.ExitCode, merged.ExitCode);
        Assert.Equal(
            WithoutTimings(
                whole.Stdout.Replace(folder.File("whole"), "MODELS", StringComparison.Ordinal)
            ),
            WithoutTimings(
                merged.Stdout.Replace(folder.File("merge"), "MODELS", StringComparison.Ordinal)
            )
        );
        Assert.Equal(whole.Stderr, merged.Stderr);
        var models = Directory
            .GetFiles(folder.File("whole"))
            .Select(Path.GetFileName)
            .Order()
            .ToArray();
        Assert.NotEmpty(models);
        Assert.Equal(
            models,
            Directory.GetFiles(folder.File("merge")).Select(Path.GetFileName).Order()
        );
        foreach (string? name in models)
        {
            Assert.Equal(
                File.ReadAllBytes(Path.Combine(folder.File("whole"), name!)),
                File.ReadAllBytes(Path.Combine(folder.File("merge"), name!))
            );
        }
    }

    /// <summary>
    /// Without the seconds each combination took (a JSON field, the text table's last number
    /// column), which no two runs share, nor the padding their width gives the table's columns.
    /// </summary>
    private static string WithoutTimings(string output) =>
        Spaces().Replace(Seconds().Replace(output, "SECONDS"), " ");

    [GeneratedRegex(" +")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"(""train_seconds"": [0-9.eE+-]+)|( [0-9.]+(?=( +MODELS\S*)?\n))")]
    private static partial Regex Seconds();

    [Fact]
    public void Merge_refuses_shards_of_other_runs_a_missing_or_repeated_shard_and_changed_data()
    {
        using var folder = new TempFolder();
        var (data, model) = Setup(folder);
        string Shard(string name, int k, int n, params string[] options)
        {
            var run = CliRunner.Run([
                "importance",
                model,
                data,
                "--method",
                "permutation",
                .. options,
                "--shard",
                $"{k}/{n}",
            ]);
            Assert.True(run.ExitCode == 0, run.Stderr);
            return folder.Write(name, run.Stdout);
        }
        string a0 = Shard("a0", 0, 3),
            a1 = Shard("a1", 1, 3),
            a2 = Shard("a2", 2, 3);
        Assert.Equal(0, CliRunner.Run("merge", a2, a0, a1).ExitCode);

        void Refused(string expected, params string[] files)
        {
            var run = CliRunner.Run(["merge", .. files]);
            Assert.True(run.ExitCode == 1, run.Stderr);
            Assert.StartsWith("mlp: error: ", run.Stderr, StringComparison.Ordinal);
            Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
            Assert.Equal("", run.Stdout);
        }
        Refused("'--seed 7' against nothing", a0, Shard("seed", 1, 3, "--seed", "7"), a2);
        Refused("'--repeats 3' against nothing", a0, a1, Shard("repeats", 2, 3, "--repeats", "3"));
        Refused("shard 1 of 3 is missing", a0, a2);
        Refused("shard 0, 2 of 3 are missing", a1);
        Refused("shard 1 of 3 is given twice", a0, a1, a1, a2);
        Refused("is one of 3", a0, Shard("four", 1, 4), a2);
        var pdp = CliRunner.Run("pdp", model, data, "--features", "x1", "--shard", "1/3");
        Refused("this is a shard of pdp, but", a0, folder.Write("pdp", pdp.Stdout), a2);
        Refused("not the output of a shard", a0, data);
        string outOfRange = File.ReadAllText(a0)
            .Replace("\"shard\":0,", "\"shard\":5,", StringComparison.Ordinal);
        Refused("not the output of a shard", folder.Write("five", outOfRange), a1, a2);
        Refused("a part's result", a0, folder.Write("cut", File.ReadAllText(a1)[..^5]), a2);

        File.AppendAllText(data, File.ReadAllLines(data)[1] + "\n");
        Refused("the data changed since the shards read it", a0, a1, a2);
        Refused("this shard read another data", a0, Shard("changed", 1, 3), a2);
    }

    [Fact]
    public void Sharding_is_refused_where_the_work_does_not_split()
    {
        using var folder = new TempFolder();
        var (data, model) = Setup(folder);
        string[][] refused =
        [
            ["importance", model, data, "--method", "shap", "--shard", "0/2"],
            ["importance", model, data, "--method", "all", "--slurm", "x", "--shard-count", "2"],
            ["train", data, "--shard", "0/2"],
            ["train", data, "--slurm", "--shard-count", "2"],
            ["pdp", model, "-", "--features", "x1", "--shard", "0/2"],
        ];
        foreach (var args in refused)
        {
            var run = CliRunner.Run(args);
            Assert.True(run.ExitCode == 2, string.Join(' ', args) + ": " + run.Stderr);
            Assert.Equal("", run.Stdout);
        }
    }

    [Fact]
    public void A_shard_reports_a_missing_or_unreadable_input_as_the_whole_run_does()
    {
        using var folder = new TempFolder();
        var (data, model) = Setup(folder);
        string missing = folder.File("missing.csv");
        string directory = Directory.CreateDirectory(folder.File("a-folder")).FullName;
        foreach (string bad in new[] { missing, directory })
        {
            string[][] commands =
            [
                ["predict", model, bad],
                ["importance", model, bad, "--method", "permutation"],
                ["importance", bad, data, "--method", "permutation"],
                ["pdp", model, bad, "--features", "x1"],
                ["sweep", bad, "--lr", "0.1,0.2"],
                ["train", bad, "--cv", "3"],
            ];
            foreach (var args in commands)
            {
                var whole = CliRunner.Run(args);
                var shard = CliRunner.Run([.. args, "--shard", "1/2"]);
                Assert.True(whole.ExitCode == 1, string.Join(' ', args) + ": " + whole.Stderr);
                Assert.Equal(whole.ExitCode, shard.ExitCode);
                Assert.Equal(whole.Stderr, shard.Stderr);
            }
        }
    }

    [Fact]
    public void Slurm_scripts_run_each_command_as_shards_then_merge()
    {
        using var folder = new TempFolder();
        var (data, model) = Setup(folder);
        string merged = folder.File("cv.txt");
        var run = CliRunner.Run(
            "train",
            data,
            "--cv",
            "5",
            "--slurm",
            merged,
            "--shard-count",
            "3"
        );
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains($"train {data} --cv 5 --shard auto", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("--array=0-2", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"-o {merged}", run.Stdout, StringComparison.Ordinal);
        var sweep = CliRunner.Run(
            "sweep",
            data,
            "--lr",
            "0.1,0.2",
            "--slurm",
            "--shard-count",
            "2"
        );
        Assert.True(sweep.ExitCode == 0, sweep.Stderr);
        Assert.Contains("-o mlp-sweep.out", sweep.Stdout, StringComparison.Ordinal);
    }
}
