using System.Diagnostics;
using Mlp.Cli.Commands;
using Mlp.Data;
using Mlp.Model;

namespace Mlp.Bench;

/// <summary>`predict MODEL FILE`: where predict's work goes, each stage on one thread over the whole file (a quick look, not a benchmark).</summary>
internal static class PredictProbe
{
    public static void Run(string modelPath, string path)
    {
        var model = ModelFileReader.Load(modelPath);
        int width = model.Schema.InputCount;
        const int rows = CsvShard.RowsAligned;
        var inputs = new double[rows * width];
        var chunks = new List<double[]>();
        for (int pass = 0; pass < 3; pass++)
        {
            chunks.Clear();
            Time(
                "find the pieces' cuts",
                () =>
                {
                    var pieces = CsvShard.Pieces(path, 16 * rows);
                    int n = 0;
                    while (pieces(n) is not null)
                    {
                        n++;
                    }
                }
            );
            Time(
                "FeatureReader.Read",
                () =>
                {
                    using var reader = new FeatureReader(
                        path,
                        model.Schema,
                        false,
                        TextWriter.Null
                    );
                    int read;
                    while ((read = reader.Read(inputs, default, rows)) > 0)
                    {
                        if (pass == 2)
                        {
                            chunks.Add(inputs[..(read * width)]);
                        }
                    }
                }
            );
            var text = new PredictionText(model, rows, 0.5f);
            long bytes = 0;
            Time(
                "PredictionText.Write",
                () =>
                {
                    foreach (var chunk in chunks)
                    {
                        bytes += text.Write(chunk, chunk.Length / width, []).Length;
                    }
                }
            );
            var values = new float[1_000_000];
            var random = new Random(1);
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = (float)(random.NextDouble() * 30 - 5);
            }
            var buffer = new byte[FloatText.MaxBytes];
            Time(
                "FloatText.Write 1M",
                () =>
                {
                    foreach (float value in values)
                    {
                        bytes += FloatText.Write(value, buffer);
                    }
                }
            );
            Time(
                "float.TryFormat 1M",
                () =>
                {
                    foreach (float value in values)
                    {
                        value.TryFormat(
                            buffer,
                            out int written,
                            default,
                            System.Globalization.CultureInfo.InvariantCulture
                        );
                        bytes += written;
                    }
                }
            );
            var predictor = new Predictor(model, rows);
            var outputs = new float[rows * model.Network.OutputCount];
            Time(
                "Predictor.Predict",
                () =>
                {
                    foreach (var chunk in chunks)
                    {
                        predictor.Predict(chunk, chunk.Length / width, outputs);
                    }
                }
            );
        }
    }

    private static void Time(string what, Action run)
    {
        var clock = Stopwatch.StartNew();
        run();
        Console.WriteLine($"{what, -24} {clock.Elapsed.TotalMilliseconds, 8:F1} ms");
    }
}
