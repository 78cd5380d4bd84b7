using System.Diagnostics;
using System.Globalization;
using CsvHelper;
using Mlp.Data;

namespace Mlp.Bench;

/// <summary>`ingest FILE`: where CSV loading spends its time (a quick look, not a benchmark).</summary>
internal static class IngestProbe
{
    public static void Run(string path)
    {
        double megabytes = new FileInfo(path).Length / 1e6;
        float sink = 0;
        Time(
            "read fields",
            megabytes,
            () => ForEachField(path, (reader, i) => sink += reader.GetSpan(i).Length)
        );
        Time(
            "read + BCL float parse",
            megabytes,
            () =>
                ForEachField(
                    path,
                    (reader, i) =>
                    {
                        float.TryParse(
                            reader.GetSpan(i),
                            NumberStyles.Float,
                            CultureInfo.InvariantCulture,
                            out float v
                        );
                        sink += v;
                    }
                )
        );
        Time(
            "read + CsvHelper parse",
            megabytes,
            () =>
                ForEachField(
                    path,
                    (reader, i) =>
                    {
                        reader.TryParse(i, out float v);
                        sink += v;
                    }
                )
        );
        Time("DatasetLoader.Load", megabytes, () => DatasetLoader.Load(path, new DataOptions()));
        GC.KeepAlive(sink);
    }

    private static void ForEachField(string path, Action<CsvReader, int> visit)
    {
        using var reader = CsvSource.Open(path, null);
        int count = CsvSource.ReadHeader(reader, path).Length;
        while (CsvSource.Next(reader, path, count))
        {
            for (int i = 0; i < count; i++)
            {
                visit(reader, i);
            }
        }
    }

    private static void Time(string what, double megabytes, Action action)
    {
        var first = Stopwatch.StartNew();
        action();
        Console.WriteLine($"{what + " (first)", -30} {first.Elapsed.TotalSeconds, 7:0.000} s");
        var clock = Stopwatch.StartNew();
        action();
        double seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"{what, -30} {seconds, 7:0.000} s  {megabytes / seconds, 7:0.0} MB/s");
    }
}
