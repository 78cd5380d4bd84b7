using Mlp.Cli;
using Mlp.Kernels;
using Mlp.Model;
using Mlp.Training;

namespace Mlp.Bench;

/// <summary>The four peer workloads of ../shared/peers as in-memory training steps (random standardized data of the same shape).</summary>
internal sealed record Workload(
    string Name,
    int Rows,
    int Inputs,
    int[] Hidden,
    int Outputs,
    TaskKind Task,
    Activation Activation,
    int BatchSize,
    float LearningRate
)
{
    public static readonly Workload[] All =
    [
        new("B1-tiny", 1000, 5, [10], 1, TaskKind.Binary, Activation.Relu, 1000, 0.01f),
        new("B2-tab", 200_000, 20, [128, 64], 1, TaskKind.Regression, Activation.Relu, 256, 0.001f),
        new(
            "B3-wide",
            10_000,
            784,
            [256, 128],
            10,
            TaskKind.Multiclass,
            Activation.Relu,
            128,
            0.001f
        ),
        new("B4-moons", 400, 2, [2], 1, TaskKind.Binary, Activation.Tanh, 32, 0.01f),
    ];

    public override string ToString() => Name;

    /// <summary>A ready training step and data to feed it: one batch of rows per call.</summary>
    public (TrainingStep Step, float[] Inputs, float[] Target, int[] Order) Build()
    {
        var rng = new Rng(1);
        int dataRows = Math.Min(Rows, 20_000);
        var inputs = Enumerable
            .Range(0, dataRows * Inputs)
            .Select(_ => (float)rng.NextGaussian())
            .ToArray(); // (rows, inputs)
        var target = Enumerable
            .Range(0, dataRows)
            .Select(_ =>
                Task switch
                {
                    TaskKind.Regression => (float)rng.NextGaussian(),
                    _ => (float)rng.NextInt(Outputs == 1 ? 2 : Outputs),
                }
            )
            .ToArray();
        var network = Network<float>.Create(Inputs, Hidden, Outputs, Activation);
        network.Initialize(rng, Initialization.He);
        var settings = new TrainingSettings
        {
            Hidden = Hidden,
            Activation = Activation,
            LearningRate = LearningRate,
            BatchSize = BatchSize,
        };
        var order = Enumerable.Range(0, dataRows).ToArray();
        rng.Shuffle(order);
        return (new TrainingStep(network, settings, Task, BatchSize), inputs, target, order);
    }
}
