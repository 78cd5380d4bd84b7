using System.Globalization;
using System.Text;
using Mlp.Model;

namespace Mlp.Tests.Model;

/// <summary>The model file keeps the losses per epoch and the kept epoch (mlp/3); older files load without them.</summary>
public class TrainingHistoryTests
{
    private static void Train(params string[] args)
    {
        var run = CliRunner.Run(["train", .. args, "--quiet"]);
        Assert.True(run.ExitCode == 0, run.Stderr);
    }

    /// <summary>An 8-unit network at lr 0.05 with early stopping on a 30 % split, its history written to history.csv.</summary>
    private static void TrainStopping(TempFolder folder, string data, int epochs, int patience) =>
        Train(
            data,
            "--hidden",
            "8",
            "--epochs",
            $"{epochs}",
            "--lr",
            "0.05",
            "--validation",
            "0.3",
            "--patience",
            $"{patience}",
            "--history",
            folder.File("history.csv"),
            "-o",
            folder.File("model.mlp")
        );

    private static double[][] HistoryCsv(string path) =>
        [
            .. File.ReadAllLines(path)
                .Skip(1)
                .Select(line =>
                    line.Split(',')
                        .Select(cell =>
                            cell.Length == 0
                                ? double.NaN
                                : double.Parse(cell, CultureInfo.InvariantCulture)
                        )
                        .ToArray()
                ),
        ];

    [Fact]
    public void The_file_keeps_every_epochs_losses_and_the_best_validation_epoch()
    {
        using var folder = new TempFolder();
        string data = folder.Write("moons.csv", Mlp.Data.MoonsData.Csv(300, 5));
        TrainStopping(folder, data, 200, 5);
        var rows = HistoryCsv(folder.File("history.csv"));
        var history = ModelFileReader.Load(folder.File("model.mlp")).History!;
        Assert.Equal(rows.Length, history.Epochs.Count);
        Assert.True(rows.Length < 200, "early stopping should have stopped the run");
        for (int i = 0; i < rows.Length; i++)
        {
            Assert.Equal((int)rows[i][0], history.Epochs[i].Epoch);
            Assert.Equal(rows[i][1], history.Epochs[i].TrainLoss);
            Assert.Equal(rows[i][2], history.Epochs[i].ValidationLoss);
            Assert.Equal(rows[i][3], history.Epochs[i].Metric);
        }
        // The kept epoch is the first with the lowest validation loss, counted here from the CSV.
        int best = rows.MinBy(r => r[2])![0] is double epoch ? (int)epoch : 0;
        Assert.Equal(best, history.KeptEpoch);
        Assert.Equal(StopEpoch(rows.Select(r => r[2]).ToArray(), 5, 1e-4), rows.Length);
    }

    /// <summary>
    /// The epoch early stopping ends on, recomputed from the validation losses: the patience
    /// counts from the last epoch whose loss bettered the one before it that counted by more
    /// than minImprovement (scikit-learn's tol); the first epoch always counts.
    /// </summary>
    private static int StopEpoch(double[] losses, int patience, double minImprovement)
    {
        double counted = double.PositiveInfinity;
        int countedEpoch = 0;
        for (int epoch = 1; epoch <= losses.Length; epoch++)
        {
            if (losses[epoch - 1] < counted - minImprovement)
            {
                (counted, countedEpoch) = (losses[epoch - 1], epoch);
            }
            if (epoch - countedEpoch >= patience)
            {
                return epoch;
            }
        }
        return losses.Length;
    }

    [Fact]
    public void Early_stopping_ends_on_separable_data_whose_loss_only_creeps_down()
    {
        using var folder = new TempFolder();
        // Two classes far apart: the validation loss falls towards 0 by ever smaller steps.
        var lines = Enumerable
            .Range(0, 200)
            .Select(i => $"{(i % 2 == 0 ? -5 : 5) + (i % 7) * 0.1},{(i % 5) * 0.1},{i % 2}");
        string data = folder.Write("apart.csv", "a,b,y\n" + string.Join("\n", lines) + "\n");
        TrainStopping(folder, data, 500, 5);
        var losses = HistoryCsv(folder.File("history.csv")).Select(r => r[2]).ToArray();
        Assert.True(losses.Length < 100, $"ran {losses.Length} of 500 epochs");
        Assert.Equal(StopEpoch(losses, 5, 1e-4), losses.Length);
        Assert.True(losses[^1] < 1e-2, $"the last validation loss {losses[^1]} is not small");
    }

    [Fact]
    public void A_model_does_not_depend_on_whether_a_history_file_was_asked_for()
    {
        using var folder = new TempFolder();
        string data = folder.Write("moons.csv", Mlp.Data.MoonsData.Csv(200, 1));
        string[] common = [data, "--hidden", "6", "--epochs", "15"];
        Train([.. common, "-o", folder.File("plain.mlp")]);
        Train([.. common, "--history", folder.File("h.csv"), "-o", folder.File("with.mlp")]);
        Assert.Equal(
            File.ReadAllBytes(folder.File("plain.mlp")),
            File.ReadAllBytes(folder.File("with.mlp"))
        );
        var history = ModelFileReader.Load(folder.File("plain.mlp")).History!;
        Assert.Equal(Enumerable.Range(1, 15), history.Epochs.Select(e => e.Epoch));
        Assert.Equal(15, history.KeptEpoch);
        Assert.All(history.Epochs, e => Assert.Null(e.ValidationLoss));
    }

    [Fact]
    public void A_run_resumed_after_early_stopping_goes_on_from_the_kept_epoch()
    {
        using var folder = new TempFolder();
        string data = folder.Write("moons.csv", Mlp.Data.MoonsData.Csv(300, 2));
        Train(
            data,
            "--hidden",
            "8",
            "--epochs",
            "300",
            "--lr",
            "0.05",
            "--validation",
            "0.3",
            "--patience",
            "3",
            "-o",
            folder.File("stopped.mlp")
        );
        var stopped = ModelFileReader.Load(folder.File("stopped.mlp")).History!;
        Assert.True(stopped.Epochs[^1].Epoch > stopped.KeptEpoch);
        Train(
            data,
            "--resume",
            folder.File("stopped.mlp"),
            "--epochs",
            "4",
            "--patience",
            "100",
            "-o",
            folder.File("resumed.mlp")
        );
        var resumed = ModelFileReader.Load(folder.File("resumed.mlp")).History!;
        Assert.Equal(
            Enumerable.Range(1, stopped.KeptEpoch + 4),
            resumed.Epochs.Select(e => e.Epoch)
        );
        Assert.Equal(
            stopped.Epochs.Take(stopped.KeptEpoch).Select(e => e.TrainLoss),
            resumed.Epochs.Take(stopped.KeptEpoch).Select(e => e.TrainLoss)
        );
    }

    [Fact]
    public void An_mlp2_file_loads_without_a_history()
    {
        using var folder = new TempFolder();
        string data = folder.Write("moons.csv", Mlp.Data.MoonsData.Csv(100, 2));
        Train(data, "--hidden", "4", "--epochs", "3", "-o", folder.File("new.mlp"));
        var model = ModelFileReader.Load(folder.File("new.mlp"));
        string old = folder.File("old.mlp");
        TestModels.WriteAsFormat(model, "mlp/2", old);
        Assert.Null(ModelFileReader.Load(old).History);
        Assert.Equal(
            CliRunner.Run("predict", folder.File("new.mlp"), data).Stdout,
            CliRunner.Run("predict", old, data).Stdout
        );
    }

    [Fact]
    public void A_history_whose_kept_epoch_is_not_among_its_epochs_is_refused()
    {
        using var folder = new TempFolder();
        string data = folder.Write("moons.csv", Mlp.Data.MoonsData.Csv(100, 2));
        Train(data, "--hidden", "4", "--epochs", "3", "-o", folder.File("model.mlp"));
        string text = Encoding.Latin1.GetString(File.ReadAllBytes(folder.File("model.mlp")));
        Assert.Contains("kept_epoch\\u0022:3", text);
        File.WriteAllBytes(
            folder.File("bad.mlp"),
            Encoding.Latin1.GetBytes(text.Replace("kept_epoch\\u0022:3", "kept_epoch\\u0022:7"))
        );
        var run = CliRunner.Run("predict", folder.File("bad.mlp"), data);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("training history", run.Stderr);
        Assert.StartsWith("mlp: error: not a valid mlp model", run.Stderr);
        Assert.DoesNotContain(" at ", run.Stderr);
    }
}
