using Mlp.Kernels;

namespace Mlp.Cli.Model;

/// <summary>
/// Compiles the forward pass (the network's layer loop, the matrix-product dispatch and the
/// small-layer kernel, bias + ReLU, the sigmoid head) on a background thread by running a tiny
/// made-up network, so the JIT's one-time work overlaps reading the model file instead of
/// delaying the first prediction. Touches no user data.
/// </summary>
internal static class ForwardWarmup
{
    public static Task Start() =>
        Task.Factory.StartNew(
            () =>
            {
                const int rows = 10,
                    inputs = 8;
                var network = Network<float>.Create(inputs, [16], 1, Activation.Relu);
                network.Initialize(new Rng(0));
                var workspace = new Workspace<float>(network, rows);
                var logits = network.Forward(new float[rows * inputs], rows, workspace);
                var outputs = new float[rows];
                OutputHead.Apply(TaskKind.Binary, null, logits, outputs, 1);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning, // a thread of its own: never queued behind busy pool threads
            TaskScheduler.Default
        );
}
