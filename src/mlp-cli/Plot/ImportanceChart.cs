using Mlp.Cli.Explain;

namespace Mlp.Cli.Plot;

/// <summary>
/// Importance as horizontal bars, most important at the top, with error bars (±std) where the
/// method has a spread; for several methods, grouped bars (one colour per method).
/// </summary>
internal static class ImportanceChart
{
    public static Canvas Draw(IReadOnlyList<ImportanceReport> reports, string title)
    {
        var names = reports[0].Features.Select(f => f.Name).ToArray();
        var order = reports[0].Order();
        int methods = reports.Count;
        double barHeight = methods == 1 ? 22 : Math.Max(8, 80.0 / methods);
        double groupHeight = barHeight * methods + 12;
        int labelWidth = names.Max(n => Text.Measure(n, Axes.LabelScale).Width) + 20;
        int legendWidth =
            methods == 1 ? 0 : reports.Max(r => Text.Measure(r.Method, Axes.LabelScale).Width) + 70;
        int height = (int)
            Math.Max(methods == 1 ? 320 : 140 + 24 * methods, 130 + groupHeight * names.Length);
        var canvas = new Canvas(Math.Max(640, labelWidth + 560 + legendWidth), height, Rgba.White);
        double low = 0,
            high = 0;
        foreach (var report in reports)
        {
            foreach (var f in report.Features)
            {
                low = Math.Min(low, f.Importance - (f.Std ?? 0));
                high = Math.Max(high, f.Importance + (f.Std ?? 0));
            }
        }
        if (high - low == 0)
        {
            high = 1;
        }
        double pad = (high - low) * 0.05;
        double top = 60,
            bottom = top + groupHeight * names.Length;
        var axes = new Axes(
            canvas,
            labelWidth + 10,
            top,
            canvas.Width - 30 - legendWidth,
            bottom,
            (low < 0 ? low - pad : 0, high + pad),
            (0, 1)
        );
        axes.Draw(
            methods == 1 ? "importance" : "importance (each method normalized to sum to 1)",
            null,
            yTicks: false
        );
        double zero = axes.PixelX(0);
        for (int position = 0; position < order.Length; position++)
        {
            int feature = order[position];
            double groupTop = top + position * groupHeight + 6;
            Text.Draw(
                canvas,
                names[feature],
                axes.Left - 8,
                groupTop + barHeight * methods / 2,
                Axes.LabelScale,
                Rgba.Text,
                Align.End,
                Align.Center
            );
            for (int m = 0; m < methods; m++)
            {
                var f = reports[m].Features[feature];
                double y0 = groupTop + m * barHeight;
                var color = Rgba.Category(m);
                canvas.FillRectangle(
                    Math.Min(zero, axes.PixelX(f.Importance)),
                    y0,
                    Math.Max(zero, axes.PixelX(f.Importance)),
                    y0 + barHeight - 2,
                    color
                );
                if (f.Std is double std && std > 0)
                {
                    double middle = y0 + (barHeight - 2) / 2;
                    double from = axes.PixelX(f.Importance - std),
                        to = axes.PixelX(f.Importance + std);
                    canvas.Line(from, middle, to, middle, Rgba.Text, 1.5);
                    canvas.Line(from, middle - 5, from, middle + 5, Rgba.Text, 1.5);
                    canvas.Line(to, middle - 5, to, middle + 5, Rgba.Text, 1.5);
                }
            }
        }
        canvas.FillRectangle(zero - 0.5, top, zero + 0.5, bottom, Rgba.Axis);
        axes.Title(title);
        if (methods > 1)
        {
            Decorations.Legend(
                canvas,
                canvas.Width - 10,
                axes.Top,
                reports.Select((r, m) => (Rgba.Category(m), r.Method, false)).ToArray()
            );
        }
        return canvas;
    }
}
