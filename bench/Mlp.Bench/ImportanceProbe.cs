using System.Diagnostics;
using Mlp.Data;
using Mlp.Explain;

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
