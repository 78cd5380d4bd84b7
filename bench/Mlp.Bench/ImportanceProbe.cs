using System.Diagnostics;
using Mlp.Cli.Data;
using Mlp.Cli.Explain;

namespace Mlp.Bench;

/// <summary>`importance`: quick medians of each method on the benchmark workload (for development, not for quoting).</summary>
internal static class ImportanceProbe
{
    public static void Run()
    {
        var folder = Directory.CreateTempSubdirectory("mlp-bench-");
        string data = Path.Combine(folder.FullName, "influence.csv");
        string model = Path.Combine(folder.FullName, "influence.mlp");
        File.WriteAllText(data, InfluenceData.Csv(5000, 42));
        ImportanceWorkload.Train(data, model);
        var (explained, background) = ImportanceWorkload.Load(data, model);
        var predictor = new Mlp.Cli.Model.Predictor(explained.Model, explained.Rows);
        var outputs = new float[explained.Rows];
        for (int run = 0; run < 5; run++)
        {
            var clock = Stopwatch.StartNew();
            for (int k = 0; k < 51; k++)
            {
                predictor.Predict(explained.Inputs, explained.Rows, outputs);
            }
            Console.WriteLine(
                $"51 forwards of 5000 rows: {clock.Elapsed.TotalMilliseconds:0.0} ms"
            );
        }
        {
            var net = explained.Model.Network;
            int rows = explained.Rows;
            var a = new float[rows * 5];
            var h = new float[rows * 12];
            var h2 = new float[rows * 12];
            var o = new float[rows];
            var o2 = new float[rows];
            void T(string name, Action act)
            {
                act();
                var c = Stopwatch.StartNew();
                for (int i = 0; i < 51; i++)
                    act();
                Console.WriteLine($"{name}: {c.Elapsed.TotalMilliseconds:0.00} ms / 51");
            }
            T("scale", () => predictor.Scale(explained.Inputs, a, 5));
            T(
                "gemm0",
                () => Mlp.Kernels.Gemm.MultiplyTransposedB(a, net.Weights(0), h, rows, 5, 12, false)
            );
            T(
                "bias0",
                () =>
                    Mlp.Kernels.Activations.BiasForward(
                        h,
                        net.Bias(0),
                        h2,
                        12,
                        Mlp.Kernels.Activation.Relu
                    )
            );
            T(
                "gemm1",
                () =>
                    Mlp.Kernels.Gemm.MultiplyTransposedB(h2, net.Weights(1), o, rows, 12, 1, false)
            );
            T(
                "bias1",
                () =>
                    Mlp.Kernels.Activations.BiasForward(
                        o,
                        net.Bias(1),
                        o2,
                        1,
                        Mlp.Kernels.Activation.Identity
                    )
            );
            T(
                "head",
                () => Mlp.Cli.Model.OutputHead.Apply(explained.Model.Schema.Task, null, o2, o, 1)
            );
        }
        var options = new ImportanceOptions { Background = background, Seed = 42 };
        foreach (var method in new[] { "permutation", "gradient", "integrated-gradients", "shap" })
        {
            var times = new List<double>();
            for (int run = 0; run < 7; run++)
            {
                var clock = Stopwatch.StartNew();
                options.Create(method).Compute(explained);
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            Console.WriteLine(
                $"{method, -22} median {times[3], 8:0.0} ms  min {times[0], 8:0.0} ms"
            );
        }
    }
}
