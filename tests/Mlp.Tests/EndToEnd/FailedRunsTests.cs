using System.Text.Json;

namespace Mlp.Tests.EndToEnd;

/// <summary>
/// Runs of several trainings (a sweep's combinations, cross-validation's folds): one that fails
/// is reported on a line of its own and the others are kept, printed and written; the exit code
/// is then 1.
/// </summary>
public class FailedRunsTests
{
    [Fact]
    public void A_sweep_keeps_the_combinations_that_finished_and_lists_each_failure()
    {
        using var folder = new TempFolder();
        string data = folder.Write("data.csv", Generated.Regression(300, 4));
        string models = folder.File("models");
        string[] sweep =
        [
            "sweep",
            data,
            "--lr",
            "0.01,1e6,1e7",
            "--optimizer",
            "sgd",
            "--epochs",
            "3",
            "--out",
            models,
        ];
        var text = CliRunner.Run(sweep);
        Assert.Equal(1, text.ExitCode);
        var table = text.Stdout.Split('\n');
        Assert.Contains("; 2 failed (stderr says why)", table[0]);
        Assert.Contains(table, line => line.StartsWith("relu") && line.Contains("0.01"));
        var errors = text
            .Stderr.TrimEnd('\n')
            .Split('\n')
            .Where(l => l.StartsWith("mlp: error: "))
            .ToArray();
        Assert.Equal(
            [
                "mlp: error: lr 1000000: training diverged",
                "mlp: error: lr 10000000: training diverged",
            ],
            errors.Select(e => e[..e.IndexOf(" in epoch")])
        );
        Assert.Single(Directory.GetFiles(models, "*.mlp"));

        var json = CliRunner.Run([.. sweep.Where(a => a != "--out" && a != models), "--json"]);
        Assert.Equal(1, json.ExitCode);
        var root = JsonDocument.Parse(json.Stdout).RootElement;
        Assert.Equal(1, root.GetProperty("combinations").GetArrayLength());
        var best = root.GetProperty("best");
        Assert.Equal(0.01, best.GetProperty("lr").GetDouble(), 6);
        // Its score is the finished combination's own training r2, by the rule it names.
        Assert.Equal("training r2", best.GetProperty("by").GetString());
        Assert.Equal(
            root.GetProperty("combinations")[0]
                .GetProperty("metrics")
                .GetProperty("r2")
                .GetDouble(),
            best.GetProperty("r2").GetDouble()
        );
        var failures = root.GetProperty("failures").EnumerateArray().ToArray();
        Assert.Equal([1e6, 1e7], failures.Select(f => f.GetProperty("lr").GetDouble()));
        Assert.All(
            failures,
            f => Assert.StartsWith("training diverged", f.GetProperty("error").GetString())
        );
    }

    [Fact]
    public void Cross_validation_keeps_the_folds_that_finished_and_writes_no_model()
    {
        using var folder = new TempFolder();
        string data = folder.Write("data.csv", Generated.Regression(300, 5));
        string model = folder.Write("m.mlp", "the model from before");
        var result = CliRunner.Run(
            "train",
            data,
            "--cv",
            "3",
            "--lr",
            "1e6",
            "--optimizer",
            "sgd",
            "--epochs",
            "2",
            "-o",
            model,
            "--json"
        );
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("the model from before", File.ReadAllText(model));
        var errors = result.Stderr.TrimEnd('\n').Split('\n');
        Assert.Equal(
            ["mlp: error: fold 1", "mlp: error: fold 2", "mlp: error: fold 3"],
            errors.Select(e => e[..e.IndexOf(':', 12)])
        );
        var root = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal(
            [1, 2, 3],
            root.GetProperty("failures")
                .EnumerateArray()
                .Select(f => f.GetProperty("fold").GetInt32())
        );
    }
}
