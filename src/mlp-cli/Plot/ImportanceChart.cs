using Mlp.Explain;
using ScottPlot;

namespace Mlp.Cli.Plot;

/// <summary>
/// Importance as horizontal bars, most important at the top, with error bars (± std) where the
/// method has a spread; for several methods, grouped bars (one colour per method) and a legend
/// beside the plot. The value axis says what was measured.
/// </summary>
internal static class ImportanceChart
{
    public static Figure Draw(IReadOnlyList<ImportanceReport> reports, string title)
    {
        var names = reports[0].Features.Select(f => f.Name).ToArray();
        var order = reports[0].Order();
        int methods = reports.Count;
        var plot = Figure.NewPlot();
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int position = 0; position < order.Length; position++)
        {
            // The most important feature at the top: the largest position.
            double groupCenter =
                (order.Length - 1 - position) * (methods + 1) + (methods - 1) / 2.0;
            ticks.AddMajor(groupCenter, names[order[position]]);
        }
        for (int m = 0; m < methods; m++)
        {
            var bars = new List<Bar>();
            for (int position = 0; position < order.Length; position++)
            {
                var feature = reports[m].Features[order[position]];
                bars.Add(
                    new Bar
                    {
                        // Methods top to bottom within a group, in the legend's order.
                        Position =
                            (order.Length - 1 - position) * (methods + 1) + (methods - 1 - m),
                        Value = feature.Importance,
                        Error = feature.Std ?? 0,
                        ErrorSize = 0.4,
                        FillColor = Rgba.Category(m).ToColor(),
                        // ScottPlot draws the error bars (and a border) with the bar's line: width 0 hides them.
                        LineWidth = 1.2f,
                        LineColor = Colors.Black.WithAlpha(0.75),
                        Orientation = Orientation.Horizontal,
                    }
                );
            }
            var plottable = plot.Add.Bars(bars);
            plottable.Horizontal = true;
            if (methods > 1)
            {
                plottable.LegendText = reports[m].Method;
            }
        }
        plot.Axes.Left.TickGenerator = ticks;
        plot.Add.VerticalLine(0, 1, Colors.Black);
        plot.Axes.Margins(left: 0.05, right: 0.08, bottom: 0.02, top: 0.02);
        plot.HideGrid();
        plot.Grid.XAxisStyle.IsVisible = true;
        plot.Title(title);
        plot.XLabel(methods > 1 ? "share of each method's total importance" : Measure(reports[0]));
        if (methods > 1)
        {
            plot.ShowLegend(Edge.Right);
        }
        int labelWidth = (int)(names.Max(n => n.Length) * 7.2);
        int width = Math.Max(640, labelWidth + 520 + (methods > 1 ? 180 : 0));
        width = Math.Max(width, (int)(title.Length * 9.5) + 80);
        int height = (int)Math.Max(320, 110 + names.Length * (methods * 11 + 14));
        return Figure.Of(plot, width, height);
    }

    /// <summary>What a method's number is, for the value axis.</summary>
    public static string Measure(ImportanceReport report) =>
        report.Method switch
        {
            "permutation" => Losses.Contains(report.Metric ?? "")
                ? $"rise in {report.Metric} when the feature is shuffled"
                : $"drop in {report.Metric} when the feature is shuffled",
            "gradient" => "mean |∂f/∂z| (z: standardized input)",
            "input-x-gradient" => "mean |(z − z0) · ∂f/∂z|",
            "integrated-gradients" => "mean |integrated gradient|",
            "shap" => "mean |Shapley value| (in units of f)",
            "garson" => "Garson's relative importance (share)",
            "olden" => "Olden's connection weight product",
            "first-layer" => "Σ |first-layer weights|",
            "pdp" => "standard deviation of the partial dependence curve",
            "lime" => "mean |LIME coefficient| (per standardized unit)",
            _ => "importance",
        };

    private static readonly HashSet<string> Losses = ["log_loss", "mse", "rmse", "mae"];
}
