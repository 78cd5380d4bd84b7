using Mlp.Cli.Model;
using Mlp.Kernels;

namespace Mlp.Cli.Plot;

/// <summary>
/// Decision regions over two features with the data on top; when a hidden layer has two units,
/// two more panels show the grid and the data as that layer sees them, before and after its
/// activation.
/// </summary>
internal static class BoundaryChart
{
    public const int PanelWidth = 560;
    public const int PanelHeight = 460;
    private const int MarginLeft = 90;
    private const int MarginTop = 60;
    private const int MarginBottom = 70;
    private static readonly Rgba PointOutline = new(50, 50, 50);

    /// <summary>Range of a column of the data, padded by 5 % on each side.</summary>
    public static (double Min, double Max) Range(PlotData data, int input, int width)
    {
        var range = Extent.Empty;
        range.Add(data.Inputs, input, width);
        return range.Padded();
    }

    public static OutcomeColors Colors(MlpModel model, PlotData data, DecisionGrid grid)
    {
        var range = Extent.Empty;
        if (model.Schema.Task == TaskKind.Regression)
        {
            range.Add(data.Targets, 0, 1);
            range.Add(grid.Outputs, 0, 1);
        }
        return new OutcomeColors(
            model.Schema.Task,
            model.Network.OutputCount,
            range.Min,
            range.Max
        );
    }

    public static Canvas Draw(MlpModel model, PlotData data, int xInput, int yInput, int gridSize)
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
        int hidden = Array.FindIndex(model.Network.Layers[..^1], l => l.OutputCount == 2);
        int panels = hidden >= 0 ? 3 : 1;
        var canvas = new Canvas(
            panels * PanelWidth + (model.Schema.Task == TaskKind.Regression ? 130 : 40),
            PanelHeight + 30,
            Rgba.White
        );
        var names = model.Schema.FeatureNames;
        var axes = PanelAxes(canvas, 0, grid.XRange, grid.YRange);
        Regions(axes, grid, colors);
        Points(axes, data, xInput, yInput, width, colors);
        axes.Draw(names[xInput], names[yInput], grid: false);
        axes.Title(
            model.Schema.Task == TaskKind.Regression
                ? $"Predicted {model.Schema.TargetName}: {names[xInput]} vs {names[yInput]}"
            : panels > 1 ? "Decision regions (inputs)"
            : $"Decision regions: {names[xInput]} vs {names[yInput]}"
        );
        if (hidden >= 0)
        {
            var view = new HiddenView(model, data);
            string activation = model.Network.Layers[hidden].Activation.Name();
            for (int panel = 1; panel <= 2; panel++)
            {
                bool activated = panel == 2;
                var gridValues = grid.Hidden(hidden, activated);
                var dataValues = view.Values(hidden, activated);
                var xRange = Padded(gridValues, dataValues, 0);
                var yRange = Padded(gridValues, dataValues, 1);
                var hiddenAxes = PanelAxes(canvas, panel, xRange, yRange);
                WarpedGrid(hiddenAxes, grid, gridValues, colors, model.Network.OutputCount);
                for (int r = 0; r < data.Rows; r++)
                {
                    hiddenAxes.Canvas.Circle(
                        hiddenAxes.PixelX(dataValues[r * 2]),
                        hiddenAxes.PixelY(dataValues[r * 2 + 1]),
                        4,
                        colors.Point(data.Targets[r]),
                        PointOutline
                    );
                }
                string prefix = $"h{hidden + 1}";
                hiddenAxes.Draw($"{prefix}.1", $"{prefix}.2");
                hiddenAxes.Title(
                    activated
                        ? $"Layer {hidden + 1} after {activation}"
                        : $"Layer {hidden + 1} before activation"
                );
            }
        }
        if (model.Schema.Task == TaskKind.Regression)
        {
            var (low, high) = (colors.ValueMin, colors.ValueMax);
            Decorations.ColorBar(
                canvas,
                panels * PanelWidth,
                MarginTop,
                18,
                PanelHeight - MarginTop - MarginBottom + 30,
                low,
                high,
                v => ColorMaps.Viridis(colors.Normalized(v)),
                model.Schema.TargetName
            );
        }
        Legend(canvas, model);
        return canvas;
    }

    public static Axes PanelAxes(
        Canvas canvas,
        int panel,
        (double Min, double Max) x,
        (double Min, double Max) y
    ) =>
        new(
            canvas,
            panel * PanelWidth + MarginLeft,
            MarginTop,
            (panel + 1) * PanelWidth - 20,
            PanelHeight - MarginBottom + 30,
            x,
            y
        );

    /// <summary>Each grid cell in its region colour, and a dark line where the predicted class changes.</summary>
    public static void Regions(Axes axes, DecisionGrid grid, OutcomeColors colors)
    {
        int size = grid.Size;
        int outputs = grid.Outputs.Length / (size * size);
        double cellWidth = (axes.Right - axes.Left) / size,
            cellHeight = (axes.Bottom - axes.Top) / size;
        var classes = new int[size * size];
        var regionColors = new Rgba[size * size];
        for (int i = 0; i < classes.Length; i++)
        {
            var output = grid.Outputs.AsSpan(i * outputs, outputs);
            classes[i] = colors.ClassOf(output);
            regionColors[i] = colors.Region(output);
        }
        // Whole pixels, each in the colour of the cell its centre falls in: no seams between cells.
        for (int y = (int)axes.Top; y < (int)axes.Bottom; y++)
        {
            int row = Math.Clamp((int)((y + 0.5 - axes.Top) / cellHeight), 0, size - 1);
            for (int x = (int)axes.Left; x < (int)axes.Right; x++)
            {
                int column = Math.Clamp((int)((x + 0.5 - axes.Left) / cellWidth), 0, size - 1);
                axes.Canvas.Blend(x, y, regionColors[row * size + column], 1);
            }
        }
        var edge = new Rgba(40, 40, 40);
        for (int row = 0; row < size; row++)
        {
            for (int column = 0; column < size; column++)
            {
                int here = classes[row * size + column];
                double x1 = axes.Left + (column + 1) * cellWidth,
                    y1 = axes.Top + (row + 1) * cellHeight;
                if (column + 1 < size && classes[row * size + column + 1] != here)
                {
                    axes.Canvas.Line(x1, y1 - cellHeight, x1, y1, edge, 1.5);
                }
                if (row + 1 < size && classes[(row + 1) * size + column] != here)
                {
                    axes.Canvas.Line(x1 - cellWidth, y1, x1, y1, edge, 1.5);
                }
            }
        }
    }

    public static void Points(
        Axes axes,
        PlotData data,
        int xInput,
        int yInput,
        int width,
        OutcomeColors colors
    )
    {
        for (int r = 0; r < data.Rows; r++)
        {
            axes.Canvas.Circle(
                axes.PixelX(data.Inputs[r * width + xInput]),
                axes.PixelY(data.Inputs[r * width + yInput]),
                4,
                colors.Point(data.Targets[r]),
                PointOutline
            );
        }
    }

    /// <summary>Grid points where the hidden layer puts them, in their region colours.</summary>
    private static void WarpedGrid(
        Axes axes,
        DecisionGrid grid,
        ReadOnlySpan<float> values,
        OutcomeColors colors,
        int outputs
    )
    {
        int step = Math.Max(1, grid.Size / 100);
        for (int row = 0; row < grid.Size; row += step)
        {
            for (int column = 0; column < grid.Size; column += step)
            {
                int i = row * grid.Size + column;
                var region = colors.Region(grid.Outputs.AsSpan(i * outputs, outputs));
                double x = axes.PixelX(values[i * 2]),
                    y = axes.PixelY(values[i * 2 + 1]);
                axes.Canvas.FillRectangle(
                    x - 1.5,
                    y - 1.5,
                    x + 1.5,
                    y + 1.5,
                    Rgba.Mix(region, Rgba.Black, 0.1)
                );
            }
        }
    }

    /// <summary>The range of one unit's values (of two per point) over the grid and the data, padded.</summary>
    private static (double Min, double Max) Padded(
        ReadOnlySpan<float> grid,
        ReadOnlySpan<float> data,
        int unit
    )
    {
        var range = Extent.Empty;
        range.Add(grid, unit, 2);
        range.Add(data, unit, 2);
        return range.Padded();
    }

    private static void Legend(Canvas canvas, MlpModel model)
    {
        var schema = model.Schema;
        if (schema.Task == TaskKind.Regression)
        {
            return;
        }
        var entries = schema
            .Classes.Select((name, k) => (Rgba.Category(k), $"{schema.TargetName} = {name}", false))
            .ToArray();
        Decorations.Legend(canvas, PanelWidth - 24, MarginTop + 4, entries);
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
