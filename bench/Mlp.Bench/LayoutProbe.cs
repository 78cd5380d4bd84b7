using System.Diagnostics;
using Mlp.Cli;
using Mlp.Kernels;
using Mlp.Model;
using Mlp.Training;

namespace Mlp.Bench;

/// <summary>`layout`: µs per forward + loss + backward, row-major against feature-major, for narrow networks (where the switch between them belongs).</summary>
internal static class LayoutProbe
{
    public static void Run()
    {
        Console.WriteLine($"kernels: {KernelSelection.Current}");
        foreach (
            var (inputs, hidden, rows) in new (int, int[], int)[]
            {
                (5, [10], 1000),
                (2, [2], 32),
                (2, [2], 16),
                (2, [2], 8),
                (4, [8], 32),
                (13, [8], 100),
                (30, [32, 16], 32),
                (20, [64, 32], 256),
                (64, [64], 128),
                (20, [128, 64], 256),
                (100, [64], 128),
            }
        )
        {
            var network = Network<float>.Create(inputs, hidden, 1, Activation.Relu);
            network.Initialize(new Rng(1), Initialization.PyTorch);
            var workspace = new Workspace<float>(network, rows);
            var x = Enumerable.Range(0, rows * inputs).Select(i => (float)Math.Sin(i)).ToArray();
            var y = Enumerable.Range(0, rows).Select(i => (float)(i % 2)).ToArray();
            var gradients = new float[network.Parameters.Length];
            double rowMajor = Time(() =>
            {
                var logits = network.Forward(x, rows, workspace);
                LossFunction.Compute(
                    TaskKind.Binary,
                    logits,
                    y,
                    workspace.OutputGradient(rows),
                    1,
                    1f / rows
                );
                network.Backward(x, rows, workspace, gradients, false);
            });
            var pass = new FeatureMajorPass<float>(network, workspace);
            BatchGather.Columns(x, inputs, Enumerable.Range(0, rows).ToArray(), pass.Inputs(rows));
            double featureMajor = Time(() =>
            {
                var logits = pass.Forward(rows);
                LossFunction.Compute(
                    TaskKind.Binary,
                    logits,
                    y,
                    pass.OutputGradient(rows),
                    1,
                    1f / rows
                );
                pass.Backward(rows, gradients);
            });
            Console.WriteLine(
                $"{inputs}-{string.Join('-', hidden)}-1 × {rows, 4} rows: row-major {rowMajor, 7:0.00} µs, feature-major {featureMajor, 7:0.00} µs ({rowMajor / featureMajor:0.00}×)"
            );
        }
    }

    /// <summary>A whole training step of 5-10-1 cut into two chunks, on one thread and on two: where splitting pays.</summary>
    public static void Threads()
    {
        foreach (int rows in new[] { 1000, 2000, 4000, 8000, 16000 })
        {
            var network = Network<float>.Create(5, [10], 1, Activation.Relu);
            network.Initialize(new Rng(1), Initialization.PyTorch);
            var x = Enumerable.Range(0, rows * 5).Select(i => (float)Math.Sin(i)).ToArray();
            var y = Enumerable.Range(0, rows).Select(i => (float)(i % 2)).ToArray();
            var order = Enumerable.Range(0, rows).ToArray();
            var step = new TrainingStep(network, new TrainingSettings(), TaskKind.Binary, rows);
            var times = new List<string>();
            foreach (int threads in new[] { 1, 2 })
            {
                WorkerPool.Threads = threads;
                times.Add(
                    $"{threads} thread(s) {Time(() => step.Run(x, y, order, null)), 7:0.00} µs"
                );
            }
            Console.WriteLine(
                $"5-10-1 × {rows, 5} rows, {TrainingStep.ChunkCount(rows, network)} chunks: {string.Join(", ", times)}"
            );
        }
    }

    private static double Time(Action action)
    {
        for (int i = 0; i < 200; i++)
        {
            action();
        }
        var windows = new List<double>();
        for (int w = 0; w < 5; w++)
        {
            var clock = Stopwatch.StartNew();
            int runs = 0;
            while (clock.ElapsedMilliseconds < 60)
            {
                action();
                runs++;
            }
            windows.Add(clock.Elapsed.TotalMicroseconds / runs);
        }
        windows.Sort();
        return windows[2];
    }
}
