using Mlp.Model;
using ScottPlot;

namespace Mlp.Cli.Plot;

/// <summary>
/// Decision regions over two features with the data on top (every other input at its training
/// mean, said in the title); for regression, the prediction in viridis with a colour bar. When a
/// hidden layer has two units, two more panels show the data where that layer puts them,
/// before and after its activation, over the exact regions the rest of the network draws in
/// that space. The legend (or the colour bar) stands beside the last panel, off the data.
/// </summary>
internal static class BoundaryChart
{
    public const int PanelWidth = 480;
    public const int PanelHeight = 460;
    public const int SideWidth = 170;
    private const float PointSize = 7;

    /// <summary>Range of a column of the data, padded by 5 % on each side.</summary>
    public static (double Min, double Max) Range(PlotData data, int input, int width)
    {
        var range = Extent.Empty;
        range.Add<double>(data.Inputs, input, width);
        return range.Padded();
    }

    /// <summary>The outcomes' colours; for regression the scale spans the targets and the grids' predictions.</summary>
    public static OutcomeColors Colors(MlpModel model, PlotData data, params DecisionGrid[] grids)
    {
        var range = Extent.Empty;
        if (model.Schema.Task == TaskKind.Regression)
        {
            range.Add<float>(data.Targets, 0, 1);
            foreach (var grid in grids)
            {
                range.Add<float>(grid.Outputs, 0, 1);
            }
        }
        return new OutcomeColors(
            model.Schema.Task,
            model.Network.OutputCount,
            range.Min,
            range.Max
        );
    }

    /// <summary>The index of the first hidden layer with two units, or −1.</summary>
    public static int TwoUnitLayer(MlpModel model) =>
        Array.FindIndex(model.Network.Layers[..^1], l => l.OutputCount == 2);

    public static Figure Draw(MlpModel model, PlotData data, int xInput, int yInput, int gridSize)
    {
        int width = model.Network.InputCount;
        var grid = new DecisionGrid(
            model,
            xInput,
            yInput,
            Range(data, xInput, width),
            Range(data, yInput, width),
            gridSize
        );
        grid.Evaluate();
        var colors = Colors(model, data, grid);
        int hidden = TwoUnitLayer(model);
        var names = model.Schema.FeatureNames;
        var panels = new List<ScottPlot.Plot>
        {
            Panel(
                model,
                grid.Outputs,
                gridSize,
                grid.XRange,
                grid.YRange,
                Column(data, xInput, width),
                Column(data, yInput, width),
                data.Targets,
                colors,
                names[xInput],
                names[yInput],
                InputTitle(model, names[xInput], names[yInput], hidden >= 0)
            ),
        };
        if (hidden >= 0)
        {
            var view = new HiddenView(model, data);
            string activation = model.Network.Layers[hidden].Activation.Name();
            foreach (bool activated in new[] { false, true })
            {
                var values = view.Values(hidden, activated);
                var xs = Unit(values, 0);
                var ys = Unit(values, 1);
                var xRange = Padded(xs);
                var yRange = Padded(ys);
                string prefix = $"h{hidden + 1}";
                panels.Add(
                    Panel(
                        model,
                        HiddenSpace.Outputs(model, hidden, activated, xRange, yRange, gridSize),
                        gridSize,
                        xRange,
                        yRange,
                        xs,
                        ys,
                        data.Targets,
                        colors,
                        activated
                            ? $"{prefix}.1 ({activation})"
                            : $"{prefix}.1 (before {activation})",
                        activated
                            ? $"{prefix}.2 ({activation})"
                            : $"{prefix}.2 (before {activation})",
                        activated
                            ? $"Hidden layer {hidden + 1} after {activation}"
                            : $"Hidden layer {hidden + 1} before {activation}"
                    )
                );
            }
        }
        var figure = new Figure(panels.Count * PanelWidth + SideWidth, PanelHeight);
        for (int p = 0; p < panels.Count; p++)
        {
            bool last = p == panels.Count - 1;
            if (last)
            {
                Side(panels[p], model, colors);
            }
            int left = p * PanelWidth;
            figure.Add(
                panels[p],
                new PixelRect(left, left + PanelWidth + (last ? SideWidth : 0), PanelHeight, 0)
            );
        }
        return figure;
    }

    public static string InputTitle(MlpModel model, string x, string y, bool panels)
    {
        string what =
            model.Schema.Task == TaskKind.Regression
                ? $"Predicted {model.Schema.TargetName}"
                : "Decision regions";
        string title = panels ? $"{what} over the inputs" : $"{what}: {x} vs {y}";
        return model.Network.InputCount > 2
            ? $"{title}\n(the other inputs at their training mean)"
            : title;
    }

    /// <summary>One panel: the outcome over a grid of (x, y) and the data points on top.</summary>
    public static ScottPlot.Plot Panel(
        MlpModel model,
        ReadOnlySpan<float> outputs,
        int size,
        (double Min, double Max) x,
        (double Min, double Max) y,
        double[] xs,
        double[] ys,
        float[] targets,
        OutcomeColors colors,
        string xLabel,
        string yLabel,
        string title
    )
    {
        var plot = Figure.NewPlot();
        var rect = new CoordinateRect(x.Min, x.Max, y.Min, y.Max);
        if (model.Schema.Task == TaskKind.Regression)
        {
            var values = new double[size, size];
            for (int row = 0; row < size; row++)
            {
                for (int column = 0; column < size; column++)
                {
                    values[row, column] = outputs[row * size + column];
                }
            }
            var heatmap = HeatmapCells.Add(plot, values, rect);
            heatmap.Colormap = new ViridisColormap();
            heatmap.ManualRange = new ScottPlot.Range(colors.ValueMin, colors.ValueMax);
            for (int r = 0; r < targets.Length; r++)
            {
                var point = plot.Add.Marker(xs[r], ys[r], MarkerShape.FilledCircle, PointSize);
                point.MarkerStyle.FillColor = colors.Point(targets[r]).ToColor();
                point.MarkerStyle.OutlineColor = ScottPlot.Colors.Black;
                point.MarkerStyle.OutlineWidth = 0.8f;
            }
        }
        else
        {
            plot.Add.ImageRect(RegionImage.From(outputs, size, colors), rect);
            for (int k = 0; k < model.Schema.Classes.Length; k++)
            {
                var rows = Enumerable.Range(0, targets.Length).Where(r => (int)targets[r] == k);
                double[] classXs = [.. rows.Select(r => xs[r])];
                double[] classYs = [.. rows.Select(r => ys[r])];
                var points = plot.Add.Markers(
                    classXs,
                    classYs,
                    MarkerShape.FilledCircle,
                    PointSize
                );
                points.MarkerStyle.FillColor = colors.Point(k).ToColor();
                points.MarkerStyle.OutlineColor = ScottPlot.Colors.Black;
                points.MarkerStyle.OutlineWidth = 0.8f;
                points.LegendText = $"{model.Schema.TargetName} = {model.Schema.Classes[k]}";
            }
        }
        plot.Axes.SetLimits(rect);
        plot.HideGrid();
        plot.HideLegend(); // only beside the last panel, off the data (Side)
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot;
    }

    /// <summary>A panel's regions redrawn for new outputs (the next frame of an animation), its points as they were.</summary>
    public static void UpdateRegions(
        ScottPlot.Plot panel,
        ReadOnlySpan<float> outputs,
        int size,
        OutcomeColors colors
    )
    {
        if (panel.GetPlottables<ScottPlot.Plottables.Heatmap>().FirstOrDefault() is { } heatmap)
        {
            for (int row = 0; row < size; row++)
            {
                for (int column = 0; column < size; column++)
                {
                    heatmap.Intensities[row, column] = outputs[row * size + column];
                }
            }
            heatmap.Update();
            return;
        }
        var regions = panel.GetPlottables<ScottPlot.Plottables.ImageRect>().First();
        var previous = regions.Image;
        regions.Image = RegionImage.From(outputs, size, colors);
        previous?.Dispose();
    }

    /// <summary>Beside the last panel: the classes' legend, or the prediction's colour bar.</summary>
    public static void Side(ScottPlot.Plot plot, MlpModel model, OutcomeColors colors)
    {
        if (model.Schema.Task == TaskKind.Regression)
        {
            var heatmap = plot.GetPlottables<ScottPlot.Plottables.Heatmap>().First();
            ColorBars.Add(plot, heatmap, $"predicted {model.Schema.TargetName}");
            return;
        }
        plot.ShowLegend(Edge.Right);
    }

    public static double[] Column(PlotData data, int input, int width)
    {
        var values = new double[data.Rows];
        for (int r = 0; r < values.Length; r++)
        {
            values[r] = data.Inputs[r * width + input];
        }
        return values;
    }

    private static double[] Unit(ReadOnlySpan<float> values, int unit)
    {
        var unitValues = new double[values.Length / 2];
        for (int r = 0; r < unitValues.Length; r++)
        {
            unitValues[r] = values[r * 2 + unit];
        }
        return unitValues;
    }

    private static (double Min, double Max) Padded(double[] values)
    {
        var range = Extent.Empty;
        range.Add<double>(values, 0, 1);
        return range.Padded();
    }
}

/// <summary>The smallest and largest of some values, for an axis or a colour scale.</summary>
internal struct Extent
{
    public double Min;
    public double Max;

    public static Extent Empty =>
        new() { Min = double.PositiveInfinity, Max = double.NegativeInfinity };

    /// <summary>Takes in values[offset], values[offset + stride], ….</summary>
    public void Add<T>(ReadOnlySpan<T> values, int offset, int stride)
        where T : System.Numerics.INumber<T>
    {
        for (int i = offset; i < values.Length; i += stride)
        {
            double value = double.CreateTruncating(values[i]);
            Min = Math.Min(Min, value);
            Max = Math.Max(Max, value);
        }
    }

    /// <summary>5 % more on each side; a single value becomes the range value ± 1.</summary>
    public readonly (double Min, double Max) Padded()
    {
        var (min, max) = Max > Min ? (Min, Max) : (Min - 1, Min + 1);
        double pad = (max - min) * 0.05;
        return (min - pad, max + pad);
    }
}
