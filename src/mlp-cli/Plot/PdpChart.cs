using System.Globalization;
using Mlp.Data;
using Mlp.Explain;
using ScottPlot;

namespace Mlp.Cli.Plot;

/// <summary>
/// A partial dependence picture. One numeric feature: the ICE curves (up to
/// <see cref="MaxIceCurves"/>, a seeded sample), the average curve on top and the data's
/// deciles as a rug on the axis. One categorical feature: a bar per category, the rows' values
/// as dots. Two features: the average as a heatmap with a colour bar (and the deciles on both axes).
/// </summary>
internal static class PdpChart
{
    public const int MaxIceCurves = 100;

    public static Figure Draw(
        PdpResult result,
        ExplainData data,
        string kind,
        bool centered,
        long seed,
        bool narrow = false
    )
    {
        var plot = Figure.NewPlot();
        string function = centered ? $"{result.Function}, centered" : result.Function;
        if (result.Axes.Length == 2)
        {
            TwoWay(plot, result, data, function);
            return Figure.Of(plot, 860, 600);
        }
        var axis = result.Axes[0];
        var curves =
            kind == "average" || result.Individual is null
                ? []
                : RowSample.Take(result.Rows, MaxIceCurves, Rng.For(seed, RngStream.PictureRows));
        bool average = kind != "individual";
        if (axis.IsCategorical)
        {
            Categorical(plot, result, curves, average);
        }
        else
        {
            Numeric(plot, result, data, curves, average);
        }
        string what = (average, curves.Length > 0) switch
        {
            (true, true) => "Partial dependence and ICE curves",
            (true, false) => "Partial dependence",
            _ => "ICE curves",
        };
        string shown =
            curves.Length > 0 && curves.Length < result.Rows
                ? $"\n{curves.Length} of {result.Rows:N0} rows' curves drawn (a seeded sample)"
                : "";
        // Narrow pictures name only the feature: the axis says what f is.
        plot.Title(
            narrow ? $"{axis.Name}{shown}" : $"{what} of {result.Function} on {axis.Name}{shown}"
        );
        plot.XLabel(axis.Name);
        plot.YLabel(function);
        // Narrow: two pictures side by side on a page, the legend under the plot.
        plot.ShowLegend(narrow ? Edge.Bottom : Edge.Right);
        return narrow ? Figure.Of(plot, 620, 520) : Figure.Of(plot, 960, 520);
    }

    /// <summary>A numeric feature of at most this many distinct values, whose grid is those values, is drawn as points at them.</summary>
    public const int MaxDiscreteValues = 12;

    /// <summary>How many distinct values the axis's column takes over the rows (counting stops past <see cref="MaxDiscreteValues"/>).</summary>
    private static int DistinctValues(ExplainData data, PdpAxis axis)
    {
        var seen = new HashSet<double>();
        for (int r = 0; r < data.Rows && seen.Count <= MaxDiscreteValues; r++)
        {
            seen.Add(data.Inputs[r * data.InputCount + axis.Start]);
        }
        return seen.Count;
    }

    private static void Numeric(
        ScottPlot.Plot plot,
        PdpResult result,
        ExplainData data,
        int[] curves,
        bool average
    )
    {
        var axis = result.Axes[0];
        double[] xs = axis.Values;
        // A feature of few values (a 0/1 flag, a small count) is drawn at those values, as
        // points joined by a thin dashed line: there is nothing in between them to draw.
        bool discrete = xs.Length <= MaxDiscreteValues && DistinctValues(data, axis) == xs.Length;
        double low = double.PositiveInfinity,
            high = double.NegativeInfinity;
        var ice = Rgba.Category(0).ToColor().WithAlpha(0.25);
        foreach (int r in curves)
        {
            double[] ys =
            [
                .. Enumerable.Range(0, result.Points).Select(p => result.Individual![r, p]),
            ];
            var line = plot.Add.ScatterLine(xs, ys, ice);
            line.LineWidth = 1;
            line.MarkerSize = discrete ? 5 : 0;
            line.LegendText = r == curves[0] ? "each row (ICE)" : "";
            (low, high) = (Math.Min(low, ys.Min()), Math.Max(high, ys.Max()));
        }
        if (average)
        {
            var line = plot.Add.ScatterLine(xs, result.Average, Rgba.Category(1).ToColor());
            line.LineWidth = discrete ? 1.5f : 3;
            line.MarkerSize = discrete ? 12 : 0;
            if (discrete)
            {
                line.LinePattern = LinePattern.Dashed;
            }
            line.LegendText = "average (partial dependence)";
            (low, high) = (
                Math.Min(low, result.Average.Min()),
                Math.Max(high, result.Average.Max())
            );
        }
        double span = high > low ? high - low : 1;
        double bottom = low - 0.12 * span;
        var deciles = discrete ? [] : Deciles(data, axis);
        for (int k = 0; k < deciles.Length; k++)
        {
            var tick = plot.Add.Line(deciles[k], bottom, deciles[k], bottom + 0.07 * span);
            tick.Color = Colors.Black;
            tick.LineWidth = 1.5f;
            tick.LegendText = k == 0 ? $"deciles of {axis.Name}" : "";
        }
        var (left, right) = xs[^1] > xs[0] ? (xs[0], xs[^1]) : (xs[0] - 0.5, xs[0] + 0.5);
        if (discrete)
        {
            double gap = xs.Length > 1 ? xs.Zip(xs.Skip(1), (a, b) => b - a).Min() : 1;
            (left, right) = (xs[0] - gap / 2, xs[^1] + gap / 2);
            plot.Axes.Bottom.TickGenerator = ManualTicks.At(
                Enumerable.Range(0, xs.Length).Select(p => (xs[p], axis.Label(p, "G4")))
            );
        }
        plot.Axes.SetLimits(left, right, bottom, high + 0.05 * span);
    }

    private static void Categorical(
        ScottPlot.Plot plot,
        PdpResult result,
        int[] curves,
        bool average
    )
    {
        var axis = result.Axes[0];
        if (average)
        {
            var bars = plot.Add.Bars(result.Average);
            bars.Color = Rgba.Category(1).ToColor();
            bars.LegendText = "average (partial dependence)";
        }
        var rng = Rng.For(0, RngStream.PictureRows);
        var dots = Rgba.Category(0).ToColor().WithAlpha(0.35);
        for (int i = 0; i < curves.Length; i++)
        {
            double[] xs =
            [
                .. Enumerable.Range(0, axis.Count).Select(p => p + (rng.NextDouble() - 0.5) * 0.5),
            ];
            double[] ys =
            [
                .. Enumerable.Range(0, axis.Count).Select(p => result.Individual![curves[i], p]),
            ];
            var markers = plot.Add.Markers(xs, ys, MarkerShape.FilledCircle, 4, dots);
            markers.LegendText = i == 0 ? "each row (ICE)" : "";
        }
        plot.Axes.Bottom.TickGenerator = ManualTicks.At(
            Enumerable.Range(0, axis.Count).Select(p => ((double)p, axis.Label(p)))
        );
        plot.Axes.Margins(bottom: average ? 0 : 0.1);
    }

    private static void TwoWay(
        ScottPlot.Plot plot,
        PdpResult result,
        ExplainData data,
        string function
    )
    {
        var (across, up) = (result.Axes[0], result.Axes[1]);
        var values = new double[up.Count, across.Count];
        for (int i = 0; i < across.Count; i++)
        {
            for (int j = 0; j < up.Count; j++)
            {
                values[up.Count - 1 - j, i] = result.Average[i * up.Count + j];
            }
        }
        var (xFrom, xTo) = Extent(across);
        var (yFrom, yTo) = Extent(up);
        var heatmap = HeatmapCells.Add(plot, values, new CoordinateRect(xFrom, xTo, yFrom, yTo));
        heatmap.Colormap = new ViridisColormap();
        ColorBars.Add(plot, heatmap, function);
        Axis(plot.Axes.Bottom, across);
        Axis(plot.Axes.Left, up);
        foreach (double decile in across.IsCategorical ? [] : Deciles(data, across))
        {
            double x = Position(across, decile);
            var tick = plot.Add.Line(x, yFrom, x, yFrom + 0.03 * (yTo - yFrom));
            tick.Color = Colors.White;
            tick.LineWidth = 2;
        }
        foreach (double decile in up.IsCategorical ? [] : Deciles(data, up))
        {
            double y = Position(up, decile);
            var tick = plot.Add.Line(xFrom, y, xFrom + 0.03 * (xTo - xFrom), y);
            tick.Color = Colors.White;
            tick.LineWidth = 2;
        }
        plot.Axes.SetLimits(xFrom, xTo, yFrom, yTo);
        plot.HideGrid();
        bool numeric = !across.IsCategorical || !up.IsCategorical;
        plot.Title(
            $"Partial dependence of {result.Function} on {across.Name} and {up.Name}"
                + (numeric ? "\nwhite ticks: the data's deciles" : "")
        );
        plot.XLabel(across.Name);
        plot.YLabel(up.Name);
    }

    /// <summary>
    /// Where an axis's grid points sit in the picture: at their values when evenly spaced,
    /// else (categories, or uneven distinct values) at 0, 1, 2 … with the values as tick labels.
    /// </summary>
    private static bool Even(PdpAxis axis)
    {
        if (axis.IsCategorical || axis.Count < 2)
        {
            return false;
        }
        double step = (axis.Values[^1] - axis.Values[0]) / (axis.Count - 1);
        for (int i = 1; i < axis.Count; i++)
        {
            if (
                Math.Abs(axis.Values[i] - axis.Values[i - 1] - step)
                > 1e-6 * Math.Abs(step) + 1e-12
            )
            {
                return false;
            }
        }
        return step > 0;
    }

    /// <summary>The heatmap's edges along an axis: half a cell beyond the first and last grid points.</summary>
    private static (double From, double To) Extent(PdpAxis axis)
    {
        if (!Even(axis))
        {
            return (-0.5, axis.Count - 0.5);
        }
        double half = (axis.Values[^1] - axis.Values[0]) / (axis.Count - 1) / 2;
        return (axis.Values[0] - half, axis.Values[^1] + half);
    }

    /// <summary>A value's place along an axis drawn at 0, 1, 2 … (linear between grid points), or the value itself.</summary>
    private static double Position(PdpAxis axis, double value)
    {
        if (Even(axis))
        {
            return value;
        }
        var grid = axis.Values;
        int above = Array.BinarySearch(grid, value);
        if (above >= 0)
        {
            return above;
        }
        above = ~above;
        if (above == 0 || above == grid.Length)
        {
            return Math.Clamp(above - 0.5, -0.5, grid.Length - 0.5);
        }
        return above - 1 + (value - grid[above - 1]) / (grid[above] - grid[above - 1]);
    }

    private static void Axis(IAxis axis, PdpAxis pdpAxis)
    {
        if (Even(pdpAxis))
        {
            return;
        }
        int step = Math.Max(1, pdpAxis.Count / 10);
        axis.TickGenerator = ManualTicks.At(
            Enumerable
                .Range(0, pdpAxis.Count)
                .Where(p => p % step == 0)
                .Select(p => ((double)p, pdpAxis.Label(p, "G4")))
        );
    }

    /// <summary>The 10th … 90th percentiles of the feature's column over the rows.</summary>
    private static double[] Deciles(ExplainData data, PdpAxis axis)
    {
        var column = new double[data.Rows];
        for (int r = 0; r < column.Length; r++)
        {
            column[r] = data.Inputs[r * data.InputCount + axis.Start];
        }
        Array.Sort(column);
        return [.. Enumerable.Range(1, 9).Select(k => PdpAxis.MQuantile(column, k / 10.0))];
    }
}
