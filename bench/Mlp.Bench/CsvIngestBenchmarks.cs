using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Mlp.Data;

namespace Mlp.Bench;

/// <summary>
/// Loading a CSV into the columnar dataset (`load_seconds` of `mlp train`): a friedman-shaped
/// file (200,000 rows × 21 numeric columns, 6 significant digits, as ../shared/peers/gen_data.py writes it).
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
[Config(typeof(IngestConfig))]
public class CsvIngestBenchmarks
{
    /// <summary>The generated file, kept between runs.</summary>
    public static string FilePath { get; } =
        Path.Combine(Path.GetTempPath(), "mlp-bench-friedman-200k.csv");

    private string _path = "";

    public double Megabytes { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        _path = FilePath;
        if (!File.Exists(_path))
        {
            var random = new Random(7);
            var text = new StringBuilder(
                string.Join(",", Enumerable.Range(1, 20).Select(i => $"x{i}")) + ",y\n"
            );
            for (int r = 0; r < 200_000; r++)
            {
                for (int c = 0; c < 21; c++)
                {
                    text.Append(
                            (random.NextDouble() * (c == 20 ? 30 : 1)).ToString(
                                "G6",
                                CultureInfo.InvariantCulture
                            )
                        )
                        .Append(c == 20 ? '\n' : ',');
                }
            }
            File.WriteAllText(_path, text.ToString());
        }
        Megabytes = new FileInfo(_path).Length / 1e6;
        Console.WriteLine($"// file: {Megabytes:0.0} MB");
    }

    [Benchmark]
    public int Load() => DatasetLoader.Load(_path, new DataOptions()).Rows;
}
