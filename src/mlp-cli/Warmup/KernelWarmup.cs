using Mlp.Cli.Model;
using Mlp.Cli.Training;

namespace Mlp.Cli.Warmup;

/// <summary>
/// Compiles the training code paths a run will use (its activation, loss, optimizer, both
/// GEMM paths) by training a tiny network for two steps on a background thread while the
/// CSV loads, so the JIT's one-time work overlaps loading instead of the first epoch.
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
        });

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
