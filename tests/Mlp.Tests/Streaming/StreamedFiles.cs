using System.Globalization;
using System.Text;

namespace Mlp.Tests.Streaming;

/// <summary>Random CSV tables for the streamed-data tests: numeric columns, a text column, a class or numeric target, a weight.</summary>
internal static class StreamedFiles
{
    public sealed record Table(
        string Text,
        double[][] Numbers,
        string[] Categories,
        string[] Labels,
        double[] Values,
        double[] Weights
    );

    public static Table Make(int rows, int numeric, bool classes, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        text.Append(string.Join(",", Enumerable.Range(0, numeric).Select(c => $"x{c}")));
        text.Append(",kind,w,y\n");
        var numbers = new double[numeric][];
        for (int c = 0; c < numeric; c++)
        {
            numbers[c] = new double[rows];
        }
        var categories = new string[rows];
        var labels = new string[rows];
        var values = new double[rows];
        var weights = new double[rows];
        string[] kinds = ["red", "green", "blue"];
        for (int r = 0; r < rows; r++)
        {
            double sum = 0;
            for (int c = 0; c < numeric; c++)
            {
                // Columns on different offsets and scales, as real tables have.
                double x = Math.Round(
                    (random.NextDouble() * 2 - 1) * Math.Pow(10, c % 3) + 100 * c,
                    4
                );
                numbers[c][r] = x;
                sum += (x - 100 * c) / Math.Pow(10, c % 3);
                text.Append(CultureInfo.InvariantCulture, $"{x},");
            }
            categories[r] = kinds[r % 3 == 0 ? 0 : random.Next(3)];
            weights[r] = Math.Round(0.5 + random.NextDouble(), 3);
            values[r] = Math.Round(
                Math.Sin(sum) + (categories[r] == "blue" ? 1 : 0) + random.NextDouble() * 0.1,
                5
            );
            labels[r] =
                values[r] > 0.5 ? "hi"
                : values[r] > 0 ? "mid"
                : "lo";
            string target = classes ? labels[r] : values[r].ToString(CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"{categories[r]},{weights[r]},{target}\n");
        }
        return new Table(text.ToString(), numbers, categories, labels, values, weights);
    }
}
