using System.Text.Json;
using Mlp.Model;
using Mlp.Tests.EndToEnd;
using Mlp.Training;

namespace Mlp.Tests.Training;

/// <summary>
/// `mlp train data.csv` with no options: the epoch count chosen by early stopping and the
/// refit on every row, the ensemble's size chosen from the rows, and every command working on
/// the model it writes. Each checked against the same steps taken by hand with explicit options.
/// </summary>
public class DefaultTrainingTests
{
    private static JsonElement TrainJson(params string[] arguments)
    {
        var run = CliRunner.Run(["train", .. arguments, "--json"]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return JsonDocument.Parse(run.Stdout).RootElement;
    }

    [Fact]
    public void Auto_epochs_is_the_early_stopping_runs_best_epoch_trained_again_on_every_row()
    {
        using var folder = new TempFolder();
        string data = folder.Write("d.csv", Generated.Regression(300, 11));
        string[] network = ["--hidden", "16", "--activation", "tanh"];
        var auto = TrainJson([data, "-o", folder.File("auto.mlp"), "--ensemble", "1", .. network]);
        var search = TrainJson(
            data,
            "-o",
            folder.File("search.mlp"),
            "--hidden",
            "16",
            "--activation",
            "tanh",
            "--epochs",
            $"{EpochSearch.MaxEpochs}",
            "--validation",
            "0.2",
            "--patience",
            $"{EpochSearch.Patience}"
        );
        int best = search.GetProperty("best_epoch").GetInt32();
        var chosen = auto.GetProperty("chosen").GetProperty("epochs");
        Assert.Equal("early-stopping-then-refit", chosen.GetProperty("rule").GetString());
        Assert.Equal(best, chosen.GetProperty("epochs").GetInt32());
        Assert.Equal(
            search.GetProperty("epochs_run").GetInt32(),
            chosen.GetProperty("search_epochs_run").GetInt32()
        );
        Assert.Equal(60, chosen.GetProperty("validation_rows").GetInt32());
        Assert.Equal(
            search.GetProperty("val_loss").GetDouble(),
            chosen.GetProperty("validation_loss").GetDouble()
        );
        Assert.Equal(best, auto.GetProperty("epochs_run").GetInt32());
        var refit = TrainJson([
            data,
            "-o",
            folder.File("refit.mlp"),
            "--epochs",
            $"{best}",
            .. network,
        ]);
        Assert.Equal(
            CliRunner.Run("predict", folder.File("refit.mlp"), data).Stdout,
            CliRunner.Run("predict", folder.File("auto.mlp"), data).Stdout
        );
        Assert.Equal(
            refit.GetProperty("final_loss").GetDouble(),
            auto.GetProperty("final_loss").GetDouble()
        );
    }

    [Fact]
    public void Too_few_rows_to_hold_some_out_train_a_fixed_count()
    {
        using var folder = new TempFolder();
        string data = folder.Write("d.csv", Generated.Regression(EpochSearch.MinRows - 1, 3));
        var auto = TrainJson(data, "-o", folder.File("m.mlp"));
        var chosen = auto.GetProperty("chosen").GetProperty("epochs");
        Assert.Equal("fixed-small-data", chosen.GetProperty("rule").GetString());
        Assert.Equal(EpochSearch.SmallDataEpochs, auto.GetProperty("epochs_run").GetInt32());
        // No held-out loss to compare shapes by: the rows' width alone.
        var candidate = Assert.Single(
            auto.GetProperty("chosen")
                .GetProperty("network")
                .GetProperty("candidates")
                .EnumerateArray()
        );
        Assert.Equal(JsonValueKind.Null, candidate.GetProperty("validation_loss").ValueKind);
        Assert.Equal(
            AutoCapacity.HiddenFor(EpochSearch.MinRows),
            Widths(auto.GetProperty("chosen").GetProperty("network").GetProperty("hidden"))
        );
    }

    /// <summary>
    /// --hidden auto: each candidate's held-out loss is the one its epoch search reaches when
    /// that shape is asked for by hand, and the model kept is the lower one's, weight for weight.
    /// On noisy labels the rows' width wins, on iris the wide one.
    /// </summary>
    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 1)]
    public void Hidden_auto_keeps_the_candidate_whose_search_reached_the_lower_held_out_loss(
        bool iris,
        int winner
    )
    {
        using var folder = new TempFolder();
        string data = iris
            ? Path.Combine(AppContext.BaseDirectory, "Data", "iris.csv")
            : folder.Write("d.csv", Generated.NoisyClasses(300, 2));
        var auto = TrainJson(data, "-o", folder.File("auto.mlp"), "--ensemble", "1");
        var network = auto.GetProperty("chosen").GetProperty("network");
        var candidates = network.GetProperty("candidates").EnumerateArray().ToArray();
        Assert.Equal(
            AutoCapacity.Candidates(150, TaskKind.Multiclass),
            candidates.Select(c => Widths(c.GetProperty("hidden")))
        );
        var byHand = candidates
            .Select(
                (c, i) =>
                    TrainJson(
                        data,
                        "-o",
                        folder.File($"{i}.mlp"),
                        "--ensemble",
                        "1",
                        "--activation",
                        "gelu",
                        "--hidden",
                        string.Join(",", Widths(c.GetProperty("hidden")))
                    )
            )
            .ToArray();
        double[] losses = [.. candidates.Select(c => c.GetProperty("validation_loss").GetDouble())];
        for (int i = 0; i < candidates.Length; i++)
        {
            double searched = byHand[i]
                .GetProperty("chosen")
                .GetProperty("epochs")
                .GetProperty("validation_loss")
                .GetDouble();
            Assert.Equal(searched, losses[i], 12);
        }
        int kept = losses[1] < losses[0] ? 1 : 0;
        Assert.Equal(winner, kept);
        Assert.Equal(
            Widths(candidates[kept].GetProperty("hidden")),
            Widths(network.GetProperty("hidden"))
        );
        Assert.Equal(
            JsonDocument
                .Parse(CliRunner.Run("weights", folder.File($"{kept}.mlp")).Stdout)
                .RootElement.GetProperty("layers")
                .GetRawText(),
            JsonDocument
                .Parse(CliRunner.Run("weights", folder.File("auto.mlp")).Stdout)
                .RootElement.GetProperty("layers")
                .GetRawText()
        );
        string summary = CliRunner
            .Run("train", data, "-o", folder.File("s.mlp"), "--ensemble", "1")
            .Stdout;
        Assert.Contains(
            $"; {string.Join(",", Widths(network.GetProperty("hidden")))} kept",
            summary
        );
    }

    private static int[] Widths(JsonElement array) =>
        [.. array.EnumerateArray().Select(w => w.GetInt32())];

    /// <summary>
    /// Classes of one or two rows hold none out under stratification (round(0.2 × 2) = 0): the
    /// search splits at random instead, as --stratify false does, rather than stopping on a
    /// --validation the user never gave.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Classes_too_small_to_stratify_are_split_at_random(int rowsPerClass)
    {
        using var folder = new TempFolder();
        var rows = Enumerable
            .Range(0, 60)
            .Select(r => $"{r % 7 * 0.3},{(r * 5) % 11 * 0.2},c{r / rowsPerClass}");
        string data = folder.Write("d.csv", "a,b,label\n" + string.Join("\n", rows) + "\n");
        string[] network = ["--ensemble", "1", "--hidden", "8"];
        var auto = TrainJson([data, "-o", folder.File("auto.mlp"), .. network]);
        var plain = TrainJson([
            data,
            "-o",
            folder.File("plain.mlp"),
            .. network,
            "--epochs",
            $"{EpochSearch.MaxEpochs}",
            "--validation",
            "0.2",
            "--patience",
            $"{EpochSearch.Patience}",
            "--stratify",
            "false",
        ]);
        var chosen = auto.GetProperty("chosen").GetProperty("epochs");
        Assert.Equal("early-stopping-then-refit", chosen.GetProperty("rule").GetString());
        Assert.False(chosen.GetProperty("stratified").GetBoolean());
        Assert.Equal(12, chosen.GetProperty("validation_rows").GetInt32());
        Assert.Equal(
            plain.GetProperty("best_epoch").GetInt32(),
            chosen.GetProperty("epochs").GetInt32()
        );
    }

    [Theory]
    [InlineData(100, 5)]
    [InlineData(4_000, 5)]
    [InlineData(4_001, 4)]
    [InlineData(6_666, 3)]
    [InlineData(6_667, 2)]
    [InlineData(10_000, 2)]
    [InlineData(10_001, 1)]
    [InlineData(1_000_000, 1)]
    public void The_ensembles_size_falls_from_five_as_the_rows_grow(int rows, int members)
    {
        Assert.Equal(members, Ensemble.MembersFor(rows));
    }

    [Fact]
    public void Label_smoothing_auto_is_a_tenth_for_multiclass_under_auto_epochs_and_none_elsewhere()
    {
        using var folder = new TempFolder();
        string iris = Path.Combine(AppContext.BaseDirectory, "Data", "iris.csv");
        string binary = folder.Write("b.csv", Generated.BinaryWithText(200, 5));
        double Smoothing(JsonElement json) =>
            json.GetProperty("chosen")
                .GetProperty("label_smoothing")
                .GetProperty("value")
                .GetDouble();
        var multiclass = TrainJson(iris, "-o", folder.File("auto.mlp"), "--ensemble", "1");
        Assert.Equal(0.1, Smoothing(multiclass), 6);
        double scale = multiclass
            .GetProperty("chosen")
            .GetProperty("label_smoothing")
            .GetProperty("logit_scale")
            .GetDouble();
        Assert.InRange(scale, LogitScale.Smallest, LogitScale.Largest);
        Assert.Equal(0, Smoothing(TrainJson(binary, "-o", folder.File("b.mlp"))));
        Assert.Equal(0, Smoothing(TrainJson(iris, "-o", folder.File("f.mlp"), "--epochs", "5")));
        // auto is the same run as the value given: the same model, byte for byte.
        TrainJson(
            iris,
            "-o",
            folder.File("given.mlp"),
            "--ensemble",
            "1",
            "--label-smoothing",
            "0.1"
        );
        Assert.Equal(
            File.ReadAllBytes(folder.File("auto.mlp")),
            File.ReadAllBytes(folder.File("given.mlp"))
        );
        var info = JsonDocument.Parse(
            CliRunner.Run("info", folder.File("auto.mlp"), "--json").Stdout
        );
        Assert.Equal(
            0.1,
            info.RootElement.GetProperty("training").GetProperty("label_smoothing").GetDouble(),
            6
        );
        // Smoothing changes the model: the same run without it differs.
        TrainJson(iris, "-o", folder.File("none.mlp"), "--ensemble", "1", "--label-smoothing", "0");
        Assert.NotEqual(
            File.ReadAllBytes(folder.File("auto.mlp")),
            File.ReadAllBytes(folder.File("none.mlp"))
        );
    }

    [Theory]
    [InlineData("0.2", "classification only")]
    [InlineData("1", "is not a fraction")]
    [InlineData("-0.1", "is not a fraction")]
    public void Label_smoothing_refuses_a_regression_and_values_outside_0_to_1(
        string value,
        string message
    )
    {
        using var folder = new TempFolder();
        var run = CliRunner.Run(
            "train",
            folder.Write("r.csv", Generated.Regression(60, 1)),
            "-o",
            folder.File("m.mlp"),
            "--label-smoothing",
            value
        );
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr);
        Assert.False(File.Exists(folder.File("m.mlp")));
    }

    [Fact]
    public void A_default_model_is_an_ensemble_and_every_command_reads_it()
    {
        using var folder = new TempFolder();
        string data = folder.Write("d.csv", Generated.BinaryWithText(200, 5));
        string model = folder.File("m.mlp");
        var json = TrainJson(data, "-o", model);
        var ensemble = json.GetProperty("chosen").GetProperty("ensemble");
        Assert.Equal(5, ensemble.GetProperty("members").GetInt32());
        Assert.StartsWith("auto", ensemble.GetProperty("rule").GetString());
        var weights = JsonDocument.Parse(CliRunner.Run("weights", model).Stdout).RootElement;
        var network = json.GetProperty("chosen").GetProperty("network");
        int[] hidden = Widths(network.GetProperty("hidden"));
        // Five members of two GELU layers side by side, then block-diagonal.
        var layers = weights.GetProperty("layers");
        Assert.Equal(5 * hidden[0], layers[0].GetProperty("out").GetInt32());
        Assert.Equal(5 * hidden[0], layers[1].GetProperty("in").GetInt32());
        Assert.Equal("gelu", layers[0].GetProperty("activation").GetString());
        var members = weights.GetProperty("ensemble");
        Assert.Equal(5, members.GetProperty("members").GetInt32());
        Assert.Equal(hidden, Widths(members.GetProperty("hidden_per_member")));
        string[][] commands =
        [
            ["eval", model, data],
            ["importance", model, data],
            ["importance", model, data, "--method", "gradient"],
            ["pdp", model, data, "--features", "x1", "--plot", folder.File("pdp.png")],
            ["heatmap", model, "-o", folder.File("h.png")],
            ["report", model, data, "-o", folder.File("r.html")],
            ["export", model, "-o", folder.File("m.onnx")],
        ];
        foreach (var command in commands)
        {
            var run = CliRunner.Run(command);
            Assert.True(run.ExitCode == 0, $"mlp {string.Join(' ', command)}: {run.Stderr}");
        }
        var evaluated = JsonDocument.Parse(CliRunner.Run("eval", model, data, "--json").Stdout);
        Assert.Equal(
            json.GetProperty("metrics").GetProperty("accuracy").GetDouble(),
            evaluated.RootElement.GetProperty("metrics").GetProperty("accuracy").GetDouble(),
            12
        );
    }

    /// <summary>Binary, and multiclass, whose label smoothing and logit scale add a held-out forward pass.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_default_model_is_the_same_bytes_on_one_and_two_threads(bool multiclass)
    {
        using var folder = new TempFolder();
        string data = multiclass
            ? Path.Combine(AppContext.BaseDirectory, "Data", "iris.csv")
            : folder.Write("d.csv", Generated.BinaryWithText(300, 8));
        TrainJson(data, "-o", folder.File("one.mlp"), "--threads", "1");
        TrainJson(data, "-o", folder.File("two.mlp"), "--threads", "2");
        Assert.Equal(
            File.ReadAllBytes(folder.File("one.mlp")),
            File.ReadAllBytes(folder.File("two.mlp"))
        );
    }
}
