using Mlp.Kernels;
using Mlp.Model;

namespace Mlp.Tests.Properties;

/// <summary>
/// Each defect the random cases (or a user) found, as the case that shows it, through the same
/// checks: the step-by-step reference (<see cref="TrainingProperties"/>) or the commands'
/// recomputation from predict (<see cref="CommandProperties"/>).
/// </summary>
[Collection(nameof(TrainingProperties))]
public class FoundCases
{
    private static readonly TrainingCase Diabetes = new()
    {
        Rows = 331,
        Numeric = 10,
        Task = TaskKind.Regression,
        Hidden = [64],
        Activation = Activation.Relu,
        Optimizer = OptimizerKind.Adam,
        LearningRate = 0.001f,
        BatchSize = 200,
        Epochs = 2,
        DataSeed = 1,
    };

    /// <summary>200 rows go in two chunks of 100, but the epoch's last 131 rows in one chunk of 131 (scikit-learn's default batch).</summary>
    [Fact]
    public void An_epochs_last_batch_cut_into_fewer_longer_chunks_trains() =>
        TrainingProperties.StepsMatchTheReference(Diabetes);

    /// <summary>The same with gaps filled and a wider layer: the chunk's workspace overlapped the batch's.</summary>
    [Fact]
    public void A_wide_layer_with_filled_gaps_and_a_short_last_batch_trains() =>
        TrainingProperties.StepsMatchTheReference(
            Diabetes with
            {
                Hidden = [100],
                GapRate = 0.05,
                Missing = "mean",
            }
        );

    [Fact]
    public void Two_hidden_layers_at_batch_256_over_fewer_rows_train() =>
        TrainingProperties.StepsMatchTheReference(
            Diabetes with
            {
                Rows = 300,
                Hidden = [16, 16],
                BatchSize = 256,
                GapRate = 0.05,
                Missing = "mean",
            }
        );

    /// <summary>The validation loss summed a longer buffer's stale tail when validation spanned several chunks.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(110)]
    [InlineData(112)]
    [InlineData(0)]
    public void The_regression_validation_loss_is_the_validation_mse_over_the_target_variance(
        int batchSize
    ) =>
        CommandProperties.CommandsAgree(
            Diabetes with
            {
                Rows = 442,
                Validation = 0.25f,
                BatchSize = batchSize,
                Epochs = 3,
            }
        );

    /// <summary>A learning rate so high that the validation loss overflows: "training diverged", not ∞ in the history.</summary>
    [Fact]
    public void A_validation_loss_that_overflows_stops_training_as_diverged()
    {
        using var folder = new TempFolder();
        var drawn = Diabetes with
        {
            Rows = 200,
            Hidden = [64, 64],
            Optimizer = OptimizerKind.Sgd,
            LearningRate = 50f,
            Activation = Activation.Identity,
            Validation = 0.2f,
        };
        string data = folder.Write("data.csv", drawn.Csv());
        var result = CliRunner.Run(
            "train",
            data,
            "-o",
            folder.File("m.mlp"),
            "--task",
            "regression",
            "--hidden",
            "64,64",
            "--activation",
            "identity",
            "--optimizer",
            "sgd",
            "--lr",
            "50",
            "--validation",
            "0.2"
        );
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("mlp: error: training diverged in epoch 1", result.Stderr);
        Assert.False(File.Exists(folder.File("m.mlp")));
    }

    /// <summary>One training row: the default r2 is undefined, which importance says, instead of calling r2 no regression metric.</summary>
    [Fact]
    public void Importance_on_a_target_with_one_value_says_r2_is_undefined() =>
        CommandProperties.CommandsAgree(Diabetes with { Rows = 1, BatchSize = 0, Epochs = 1 });

    /// <summary>
    /// The epoch's last update overflowed the weights while every loss it saw was finite: the
    /// model was written with weights of ±∞ and predicted NaN. Now "training diverged".
    /// </summary>
    [Fact]
    public void Weights_that_overflow_in_an_epochs_last_step_stop_training_as_diverged() =>
        TrainingProperties.StepsMatchTheReference(
            new TrainingCase
            {
                Rows = 298,
                Numeric = 24,
                Task = TaskKind.Regression,
                Hidden = [15, 48],
                Activation = Activation.Relu,
                Optimizer = OptimizerKind.Momentum,
                LearningRate = 0.03507876f,
                BatchSize = 1,
                Epochs = 1,
                Init = Initialization.PyTorch,
                DataSeed = 1892846228,
            }
        );

    /// <summary>The same through the commands: no model of NaN predictions is written.</summary>
    [Fact]
    public void No_model_is_written_whose_predictions_are_not_numbers() =>
        CommandProperties.CommandsAgree(
            new TrainingCase
            {
                Rows = 6,
                Numeric = 16,
                GapRate = 0.0940938792350208,
                Missing = "mean",
                Task = TaskKind.Regression,
                Hidden = [1, 34],
                Activation = Activation.Gelu,
                Optimizer = OptimizerKind.Momentum,
                LearningRate = 0.05968263f,
                BatchSize = 5,
                Epochs = 3,
                Init = Initialization.He,
                DataSeed = 132643974,
            }
        );
}
