using System.Diagnostics;
using Mlp.Kernels;

namespace Mlp.Bench;

/// <summary>
/// `profile`: a quick look (not a benchmark) at µs per training step of each workload and
/// GFLOP/s of GEMM shapes, for iterating on kernels. BenchmarkDotNet gives the figures to quote.
/// </summary>
internal static class Profile
{
    public static void Run()
    {
        if (Environment.GetEnvironmentVariable("MLP_THREADS") is string threads)
        {
            WorkerPool.Threads = int.Parse(
                threads,
                System.Globalization.CultureInfo.InvariantCulture
            );
        }
        string wide = KernelSelection.WideTiles ? " (large products on Vector512 tiles)" : "";
        Console.WriteLine(
            $"kernels: {KernelSelection.Current}{wide}, threads: {WorkerPool.Threads}"
        );
        foreach (var workload in Workload.All)
        {
            var (step, columns, target, order) = workload.Build();
            int batches = order.Length / workload.BatchSize;
            int next = 0;
            void One()
            {
                step.Run(
                    columns,
                    target,
                    order.AsSpan(next * workload.BatchSize, workload.BatchSize),
                    null
                );
                next = (next + 1) % batches;
            }
            for (int i = 0; i < 50; i++)
            {
                One();
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            var windows = new List<double>();
            int steps = 0;
            for (int window = 0; window < 7; window++)
            {
                var clock = Stopwatch.StartNew();
                int windowSteps = 0;
                while (clock.ElapsedMilliseconds < 150)
                {
                    One();
                    windowSteps++;
                }
                windows.Add(clock.Elapsed.TotalMicroseconds / windowSteps);
                steps += windowSteps;
            }
            windows.Sort();
            double microseconds = windows[windows.Count / 2];
            long bytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / steps;
            Console.WriteLine(
                $"{workload.Name, -9} {microseconds, 9:0.0} µs/step (median of 7 windows, {windows[0]:0.0}..{windows[^1]:0.0})  {bytes} B/step"
            );
        }
        foreach (
            var (m, k, n) in new[]
            {
                (6, 256, 16),
                (48, 256, 32),
                (256, 20, 128),
                (256, 128, 64),
                (128, 784, 256),
                (128, 256, 128),
                (512, 512, 512),
            }
        )
        {
            var a = new float[m * k];
            var b = new float[k * n];
            var c = new float[m * n];
            new Random(1).NextBytes(new byte[1]);
            foreach (var product in Enum.GetValues<Product>())
            {
                for (int i = 0; i < 20; i++)
                {
                    Gemm.Compute(KernelSelection.Current, product, a, b, c, m, k, n, false);
                }
                var clock = Stopwatch.StartNew();
                int runs = 0;
                while (clock.ElapsedMilliseconds < 500)
                {
                    Gemm.Compute(KernelSelection.Current, product, a, b, c, m, k, n, false);
                    runs++;
                }
                double seconds = clock.Elapsed.TotalSeconds / runs;
                Console.WriteLine(
                    $"gemm {m}x{k}x{n} {product, -11} {seconds * 1e6, 9:0.0} µs {2.0 * m * k * n / seconds / 1e9, 7:0.0} GFLOP/s"
                );
            }
        }
    }
}
