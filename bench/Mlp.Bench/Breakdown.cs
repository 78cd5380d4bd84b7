using System.Diagnostics;
using Mlp.Model;
using Mlp.Training;

namespace Mlp.Bench;

/// <summary>`breakdown NAME`: µs per step spent in each part of a training step (a quick look, not a benchmark).</summary>
internal static class Breakdown
{
    public static void Run(string name)
    {
        var w = Workload.All.First(x => x.Name == name);
        var network = Network<float>.Create(w.Inputs, w.Hidden, w.Outputs, w.Activation);
        network.Initialize(new Mlp.Rng(1), Initialization.He);
        int batch = w.BatchSize;
        var ws = new Workspace<float>(network, batch);
        var x = Enumerable.Range(0, batch * w.Inputs).Select(i => (float)Math.Sin(i)).ToArray();
        var y = Enumerable
            .Range(0, batch)
            .Select(i => (float)(i % Math.Max(2, w.Outputs)))
            .ToArray();
        var grads = new float[network.Parameters.Length];
        var optimizer = new Optimizer(new TrainingSettings(), network.Parameters.Length);
        Time("forward", () => network.Forward(x, batch, ws));
        for (int l = 0; l < network.Layers.Length; l++)
        {
            var layer = network.Layers[l];
            int layerIndex = l;
            var input = l == 0 ? x : ws.Activation(l - 1, batch).ToArray();
            var z = new float[batch * layer.OutputCount];
            var weights = network.Weights(l).ToArray();
            Time(
                $"  gemm {l}",
                () =>
                    Mlp.Kernels.Gemm.MultiplyTransposedB<float>(
                        input,
                        weights,
                        z,
                        batch,
                        layer.InputCount,
                        layer.OutputCount,
                        false
                    )
            );
            var bias = network.Bias(l).ToArray();
            var a = new float[z.Length];
            Time(
                $"  act {l}",
                () =>
                    Mlp.Kernels.Activations.BiasForward<float>(
                        z,
                        bias,
                        a,
                        layer.OutputCount,
                        layer.Activation
                    )
            );
        }
        Time(
            "loss",
            () =>
                LossFunction.Compute(
                    w.Task,
                    ws.Activation(network.Layers.Length - 1, batch),
                    y,
                    ws.OutputGradient(batch),
                    network.OutputCount,
                    1f / batch
                )
        );
        Time("backward", () => network.Backward(x, batch, ws, grads, false));
        Time("optimizer", () => optimizer.Step(network, grads));
        var pass = new FeatureMajorPass<float>(network, ws);
        var order = Enumerable.Range(0, batch).ToArray();
        Time(
            "feature-major gather",
            () => BatchGather.Columns(x, w.Inputs, order, pass.Inputs(batch))
        );
        Time("feature-major forward", () => pass.Forward(batch));
        Time(
            "feature-major loss",
            () =>
                LossFunction.Compute(
                    w.Task,
                    pass.Logits(batch),
                    y,
                    pass.OutputGradient(batch),
                    network.OutputCount,
                    1f / batch
                )
        );
        Time("feature-major backward", () => pass.Backward(batch, grads));
    }

    private static void Time(string what, Action action)
    {
        for (int i = 0; i < 20; i++)
        {
            action();
        }
        var clock = Stopwatch.StartNew();
        int runs = 0;
        while (clock.ElapsedMilliseconds < 300)
        {
            action();
            runs++;
        }
        Console.WriteLine($"{what, -26} {clock.Elapsed.TotalMicroseconds / runs, 9:0.0} µs");
    }
}
