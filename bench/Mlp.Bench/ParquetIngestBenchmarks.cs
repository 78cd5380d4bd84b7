using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Mlp.Data;
using Parquet;
using Parquet.Schema;

namespace Mlp.Bench;

/// <summary>
/// Issue 19's target: a 1,000,000-row Parquet file loads at least as fast as the same data as
/// CSV. Ten double columns and a 0/1 target, written once by Parquet.Net (one row group per
/// 100,000 rows) and as CSV with the shortest round-trip spelling of each double.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class ParquetIngestBenchmarks
{
    private const int Rows = 1_000_000;
    private const int Features = 10;

    private static readonly string Folder = Path.GetTempPath();
    private readonly string _csv = Path.Combine(Folder, "mlp-bench-1m.csv");
    private readonly string _parquet = Path.Combine(Folder, "mlp-bench-1m.parquet");

    [Params("csv", "parquet")]
    public string Format { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        if (File.Exists(_csv) && File.Exists(_parquet))
        {
            return;
        }
        var random = new Random(3);
        var columns = Enumerable.Range(0, Features).Select(_ => new double[Rows]).ToArray();
        var target = new double[Rows];
        for (int r = 0; r < Rows; r++)
        {
            double sum = 0;
            for (int c = 0; c < Features; c++)
            {
                columns[c][r] = Math.Round(random.NextDouble() * 2 - 1, 6);
                sum += columns[c][r];
            }
            target[r] = sum > 0 ? 1 : 0;
        }
        using (var csv = new StreamWriter(_csv, false, new UTF8Encoding(false), 1 << 20))
        {
            csv.Write(
                string.Join(',', Enumerable.Range(1, Features).Select(i => $"x{i}")) + ",y\n"
            );
            var line = new StringBuilder();
            for (int r = 0; r < Rows; r++)
            {
                line.Clear();
                for (int c = 0; c < Features; c++)
                {
                    line.Append(columns[c][r].ToString("R", CultureInfo.InvariantCulture))
                        .Append(',');
                }
                line.Append(target[r].ToString(CultureInfo.InvariantCulture)).Append('\n');
                csv.Write(line);
            }
        }
        WriteParquet(columns, target).GetAwaiter().GetResult();
    }

    private async Task WriteParquet(double[][] columns, double[] target)
    {
        DataField[] fields =
        [
            .. Enumerable.Range(1, Features).Select(i => new DataField<double>($"x{i}")),
            new DataField<double>("y"),
        ];
        await using var stream = File.Create(_parquet);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream);
        for (int start = 0; start < Rows; start += 100_000)
        {
            using var group = writer.CreateRowGroup();
            for (int c = 0; c <= Features; c++)
            {
                var values = c < Features ? columns[c] : target;
                await group.WriteAsync<double>(fields[c], values.AsMemory(start, 100_000));
            }
        }
    }

    [Benchmark]
    public int Load() =>
        DatasetLoader.Load(Format == "csv" ? _csv : _parquet, new DataOptions()).Rows;
}
