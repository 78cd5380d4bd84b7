using System.Text.Json;
using Mlp.Tests.Plot;

namespace Mlp.Tests.EndToEnd;

/// <summary>`mlp sweep` as a user runs it: the same models as separate `mlp train` runs, and the picture.</summary>
public class SweepCommandTests
{
    [Fact]
    public void Six_combinations_give_the_models_of_six_train_runs_and_a_picture_of_six_panels()
    {
        using var folder = new TempFolder();
        string data = folder.Write("moons.csv", Mlp.Data.MoonsData.Csv(200, 1));
        string models = folder.File("models");
        string plot = folder.File("sweep.svg");
        var sweep = CliRunner.Run(
            "sweep",
            data,
            "--hidden",
            "6",
            "--activation",
            "relu,tanh",
            "--lr",
            "0.1,0.01,0.001",
            "--epochs",
            "15",
            "--validation",
            "0.25",
            "--out",
            models,
            "--plot",
            plot,
            "--json"
        );
        Assert.Equal(0, sweep.ExitCode);
        using var json = JsonDocument.Parse(sweep.Stdout);
        var combinations = json.RootElement.GetProperty("combinations").EnumerateArray().ToArray();
        Assert.Equal(6, combinations.Length);
        foreach (var combination in combinations)
        {
            string activation = combination.GetProperty("activation").GetString()!;
            string lr = combination
                .GetProperty("lr")
                .GetDouble()
                .ToString(System.Globalization.CultureInfo.InvariantCulture);
            string single = folder.File($"single-{activation}-{lr}.mlp");
            var train = CliRunner.Run(
                "train",
                data,
                "--hidden",
                "6",
                "--activation",
                activation,
                "--lr",
                lr,
                "--epochs",
                "15",
                "--validation",
                "0.25",
                "-o",
                single,
                "--quiet"
            );
            Assert.Equal(0, train.ExitCode);
            string kept = combination.GetProperty("model").GetString()!;
            Assert.Equal(Path.Combine(models, $"{activation}_lr{lr}.mlp"), kept);
            Assert.Equal(File.ReadAllBytes(single), File.ReadAllBytes(kept));
            Assert.NotEqual(
                JsonValueKind.Null,
                combination.GetProperty("validation_metrics").ValueKind
            );
        }
        var (document, text) = Pictures.ParseSvg(File.ReadAllBytes(plot));
        foreach (var activation in new[] { "relu", "tanh" })
        {
            foreach (var lr in new[] { "0.1", "0.01", "0.001" })
            {
                Assert.Contains($"activation {activation}, lr {lr}", text);
            }
        }
        // Three panels across (the learning rates), two down (the activations), the legend beside.
        Assert.Equal("1610", document.Root!.Attribute("width")!.Value);
        Assert.Equal("920", document.Root!.Attribute("height")!.Value);
    }

    [Fact]
    public void Regression_with_one_numeric_feature_draws_the_loss_curves_and_prints_a_row_each()
    {
        using var folder = new TempFolder();
        var csv = new System.Text.StringBuilder("x,y\n");
        for (int i = 0; i < 80; i++)
        {
            csv.Append(
                System.Globalization.CultureInfo.InvariantCulture,
                $"{i / 10.0},{Math.Sin(i / 10.0)}\n"
            );
        }
        string data = folder.Write("sine.csv", csv.ToString());
        string plot = folder.File("losses.svg");
        var sweep = CliRunner.Run(
            "sweep",
            data,
            "--hidden",
            "4",
            "--hidden",
            "8,8",
            "--batch-size",
            "16,full",
            "--epochs",
            "5",
            "--plot",
            plot
        );
        Assert.Equal(0, sweep.ExitCode);
        var lines = sweep.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("sweep of 4 combinations", lines[0]);
        Assert.Contains("r2", lines[1]);
        Assert.Equal(4, lines.Count(l => l.StartsWith("relu ", StringComparison.Ordinal)));
        var (_, text) = Pictures.ParseSvg(File.ReadAllBytes(plot));
        Assert.Contains("Loss per epoch, 4 combinations", text);
        Assert.Contains("hidden 8,8, batch full", text);
    }

    [Theory]
    [InlineData("--lr|0,0.1", "--lr '0' is not a positive number")]
    [InlineData("--activation|relu,swish", "--activation 'swish' is not one of")]
    [InlineData("--optimizer|adam,lbfgs", "--optimizer 'lbfgs' is not one of")]
    [InlineData("--hidden|8,x", "--hidden '8,x' is not a list of layer sizes")]
    [InlineData("--plot-features|x1,x2", "--plot-features applies only with --plot")]
    [InlineData("--momentum|0.5", "--momentum applies only to --optimizer momentum")]
    public void Mistakes_are_usage_errors_before_any_training(string args, string message)
    {
        using var folder = new TempFolder();
        string data = folder.Write("moons.csv", Mlp.Data.MoonsData.Csv(50, 1));
        string models = folder.File("models");
        var result = CliRunner.Run(["sweep", data, "--out", models, .. args.Split('|')]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr);
        Assert.False(Directory.Exists(models), "the --out folder is not left behind");
    }
}
