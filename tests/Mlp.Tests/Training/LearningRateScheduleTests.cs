using Mlp.Model;
using Mlp.Training;

namespace Mlp.Tests.Training;

/// <summary>Each schedule against PyTorch's formulas, worked by hand.</summary>
public class LearningRateScheduleTests
{
    private static float[] Rates(TrainingSettings settings, int epochs, double[]? monitored = null)
    {
        var schedule = new LearningRateSchedule(settings);
        var rates = new float[epochs];
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            schedule.StartEpoch(epoch, epochs);
            rates[epoch - 1] = schedule.Current;
            schedule.EndEpoch(monitored?[epoch - 1] ?? 1, higherIsBetter: false);
        }
        return rates;
    }

    [Fact]
    public void Step_multiplies_by_the_factor_every_step_epochs()
    {
        // StepLR(step_size=3, gamma=0.5) from 0.8: 0.8 ×3, 0.4 ×3, 0.2.
        var settings = new TrainingSettings
        {
            LearningRate = 0.8f,
            Schedule = LrSchedule.Step,
            LrStep = 3,
            LrFactor = 0.5f,
        };
        Assert.Equal([0.8f, 0.8f, 0.8f, 0.4f, 0.4f, 0.4f, 0.2f], Rates(settings, 7));
    }

    [Fact]
    public void Cosine_anneals_from_the_rate_to_the_floor_over_the_epochs()
    {
        // CosineAnnealingLR(T_max=4, eta_min=0.2) from 1: 0.2 + 0.8 (1 + cos(π t / 4)) / 2, t = 0 … 3.
        var settings = new TrainingSettings
        {
            LearningRate = 1f,
            Schedule = LrSchedule.Cosine,
            LrMin = 0.2f,
        };
        var rates = Rates(settings, 4);
        double[] expected =
        [
            1,
            0.2 + 0.4 * (1 + Math.Sqrt(0.5)),
            0.6,
            0.2 + 0.4 * (1 - Math.Sqrt(0.5)),
        ];
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(expected[i], rates[i], 6);
        }
    }

    [Fact]
    public void Plateau_decays_after_more_than_patience_epochs_without_improvement()
    {
        // ReduceLROnPlateau(factor=0.5, patience=2): the best is 0.9 from epoch 2; epochs 3, 4, 5
        // do not improve it by more than 1e-4 × 0.9, so after epoch 5 (3 > 2 bad epochs) the rate
        // halves; epoch 6 improves (0.5), then 7, 8, 9 are bad again: halved after epoch 9.
        var settings = new TrainingSettings
        {
            LearningRate = 1f,
            Schedule = LrSchedule.Plateau,
            LrFactor = 0.5f,
            LrPatience = 2,
            LrMin = 0.3f,
        };
        double[] losses = [1, 0.9, 0.95, 0.89995, 0.9, 0.5, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6];
        var rates = Rates(settings, losses.Length, losses);
        Assert.Equal([1f, 1, 1, 1, 1, 0.5f, 0.5f, 0.5f, 0.5f, 0.3f, 0.3f, 0.3f, 0.3f, 0.3f], rates);
    }

    [Fact]
    public void Constant_keeps_the_rate()
    {
        Assert.All(
            Rates(new TrainingSettings { LearningRate = 0.01f }, 5),
            r => Assert.Equal(0.01f, r)
        );
    }

    [Fact]
    public void The_history_records_each_epochs_rate()
    {
        using var folder = new TempFolder();
        string data = folder.Write("d.csv", Mlp.Data.MoonsData.Csv(100, 2));
        string history = folder.File("h.csv");
        var run = CliRunner.Run(
            "train",
            data,
            "-o",
            folder.File("m.mlp"),
            "--epochs",
            "5",
            "--lr",
            "0.1",
            "--lr-schedule",
            "step",
            "--lr-step",
            "2",
            "--lr-factor",
            "0.5",
            "--history",
            history,
            "--quiet"
        );
        Assert.Equal(0, run.ExitCode);
        var lines = File.ReadAllLines(history);
        Assert.Equal("epoch,train_loss,val_loss,metric,seconds,lr", lines[0]);
        Assert.Equal(
            ["0.1", "0.1", "0.05", "0.05", "0.025"],
            lines[1..].Select(l => l.Split(',')[^1])
        );
    }

    [Theory]
    [InlineData("--lr-step|3", "--lr-step applies only to --lr-schedule step")]
    [InlineData("--lr-schedule|step|--lr-factor|1.5", "--lr-factor must be between 0 and 1")]
    [InlineData(
        "--lr-schedule|cosine|--lr-patience|3",
        "--lr-patience applies only to --lr-schedule plateau"
    )]
    [InlineData(
        "--lr-schedule|step|--lr-min|0.1",
        "--lr-min applies only to --lr-schedule cosine or plateau"
    )]
    public void Schedule_options_that_would_do_nothing_are_usage_errors(string args, string message)
    {
        using var folder = new TempFolder();
        string data = folder.Write("d.csv", Mlp.Data.MoonsData.Csv(40, 2));
        var run = CliRunner.Run(["train", data, "-o", folder.File("m.mlp"), .. args.Split('|')]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr);
    }
}
