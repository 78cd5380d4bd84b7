using System.Globalization;
using System.Text;
using Mlp.Metrics;

namespace Mlp.Cli.Commands;

/// <summary>Metrics and confusion matrix as aligned plain text.</summary>
internal static class MetricsText
{
    public static string Format(double? value) =>
        value is double v ? v.ToString("0.######", CultureInfo.InvariantCulture) : "n/a";

    public static string Inline(MetricSet metrics) =>
        string.Join("  ", metrics.Values.Select(m => $"{m.Name} {Format(m.Value)}"));

    public static string Table(MetricSet metrics, string[] classes)
    {
        var text = new StringBuilder();
        int nameWidth = metrics.Values.Max(m => m.Name.Length);
        foreach (var (name, value) in metrics.Values)
        {
            text.Append(name.PadRight(nameWidth + 2)).AppendLine(Format(value));
        }
        if (metrics.PerClass is { } scores)
        {
            int width = Math.Max(5, classes.Max(c => c.Length)) + 2;
            text.AppendLine()
                .Append("class".PadRight(width))
                .AppendLine("precision  recall    f1        support");
            for (int c = 0; c < scores.Length; c++)
            {
                var (precision, recall, f1, support) = scores[c];
                text.Append(classes[c].PadRight(width))
                    .Append(precision.ToString("0.0000", CultureInfo.InvariantCulture).PadRight(11))
                    .Append(recall.ToString("0.0000", CultureInfo.InvariantCulture).PadRight(10))
                    .Append(f1.ToString("0.0000", CultureInfo.InvariantCulture).PadRight(10))
                    .AppendLine(support.ToString("0.###", CultureInfo.InvariantCulture));
            }
        }
        if (metrics.Confusion is { } counts)
        {
            text.AppendLine()
                .AppendLine("confusion matrix (rows: true class, columns: predicted class)");
            int width =
                Math.Max(
                    classes.Max(c => c.Length),
                    counts.Cast<long>().Max().ToString(CultureInfo.InvariantCulture).Length
                ) + 2;
            text.Append(new string(' ', width));
            foreach (var name in classes)
            {
                text.Append(name.PadLeft(width));
            }
            text.AppendLine();
            for (int t = 0; t < classes.Length; t++)
            {
                text.Append(classes[t].PadRight(width));
                for (int p = 0; p < classes.Length; p++)
                {
                    text.Append(counts[t, p].ToString(CultureInfo.InvariantCulture).PadLeft(width));
                }
                text.AppendLine();
            }
        }
        return text.ToString().TrimEnd('\n');
    }
}
