using Mlp.Data;
using Mlp.Model;
using Mlp.Training;

namespace Mlp.Cli.Warmup;

/// <summary>
/// Compiles the training code paths a run will use (its activation, loss, optimizer, both
/// GEMM paths, the epoch loop) by training tiny networks for a few steps on a background thread
/// while the CSV loads, so the JIT's one-time work overlaps loading instead of the first epochs.
/// Touches no user data and no shared random state.
/// </summary>
internal static class KernelWarmup
{
    /// <summary>Warms up for <paramref name="task"/>, or for every task when it is not known before loading.</summary>
    public static Task Start(TrainingSettings settings, TaskKind? task) =>
        BackgroundWork.Start(() =>
        {
            foreach (var kind in task is TaskKind known ? [known] : Enum.GetValues<TaskKind>())
            {
                // 256 rows: enough to be cut into chunks, so that path is compiled too.
                TrainTiny(settings, kind, rows: 256, inputs: 8, hidden: 16);
            }
            // Layers wider than 16 take the tiled matrix kernels, split across threads.
            TrainTiny(settings, task ?? TaskKind.Binary, rows: 128, inputs: 64, hidden: 128);
            // The epoch loop around the steps (shuffling, scores, records, schedules).
            TrainEpochs(settings, task ?? TaskKind.Binary);
        });

    private static void TrainEpochs(TrainingSettings settings, TaskKind kind)
    {
        int classes = kind == TaskKind.Multiclass ? 3 : 2;
        var rng = new Rng(1);
        var columns = Enumerable
            .Range(0, 3)
            .Select(_ => Enumerable.Range(0, 64).Select(_ => (float)rng.NextGaussian()).ToArray())
            .ToArray();
        var data = new Dataset
        {
            Schema = new Schema
            {
                Sources = [.. Enumerable.Range(0, 3).Select(i => new SourceFeature($"x{i}", null))],
                TargetName = "y",
                Task = kind,
                Classes =
                    kind == TaskKind.Regression
                        ? []
                        : [.. Enumerable.Range(0, classes).Select(c => $"{c}")],
                ClassesAreNumbers = true,
            },
            Columns = columns,
            Origins = [0, 0, 0],
            Target = [.. Enumerable.Range(0, 64).Select(r => (float)(r % classes))],
            File = "warm-up",
        };
        // Settings that name the user's data (class weights by class name) and the user's
        // learning rate (which may diverge on purpose) are left out: the loop is compiled all
        // the same. Whatever still fails here is the run's to report, not the warm-up's.
        try
        {
            Trainer.Train(
                data,
                settings with
                {
                    Epochs = 2,
                    AutoEpochs = false,
                    AutoHidden = false,
                    Ensemble = 1,
                    BatchSize = 16,
                    LearningRate = 1e-3f,
                    Patience = null,
                    StopLoss = null,
                    ClassWeight = null,
                    SampleWeight = null,
                }
            );
        }
        catch (Exception e)
            when (e
                    is MlpException
                        or InvalidSettingException
                        or TrainingDivergedException
                        or ArithmeticException
            )
        {
            // Only compiling was wanted.
        }
    }

    private static void TrainTiny(
        TrainingSettings settings,
        TaskKind kind,
        int rows,
        int inputs,
        int hidden
    )
    {
        int outputs = kind == TaskKind.Multiclass ? 3 : 1;
        var rng = new Rng(0);
        var data = Enumerable
            .Range(0, rows * inputs)
            .Select(_ => (float)rng.NextGaussian())
            .ToArray();
        var target = Enumerable
            .Range(0, rows)
            .Select(r => (float)(r % (outputs == 1 ? 2 : outputs)))
            .ToArray();
        var network = Network<float>.Create(inputs, [hidden, hidden], outputs, settings.Activation);
        network.Initialize(rng, Initialization.He);
        var step = new TrainingStep(network, settings with { BatchSize = rows }, kind, rows);
        var order = Enumerable.Range(0, rows).ToArray();
        step.Run(data, target, order, new ScoreAccumulator(kind));
        step.Run(data, target, order.AsSpan(0, 5), null);
    }
}
