using Mlp.Cli.Model;

namespace Mlp.Cli.Plot;

/// <summary>
/// A layer's weights as a heatmap: one row per input (feature names for the first layer),
/// one column per unit, a diverging colour scale symmetric around zero, and a colour bar.
/// </summary>
internal sealed class HeatmapChart
{
    private const int MarginTop = 70;
    private const int MarginBottom = 70;

    public required double CellLeft { get; init; }
    public required double CellTop { get; init; }
    public required double CellWidth { get; init; }
    public required double CellHeight { get; init; }
    public required Canvas Canvas { get; init; }

    /// <summary>The pixel centre of the cell of input <paramref name="row"/> and unit <paramref name="column"/>.</summary>
    public (int X, int Y) CellCenter(int row, int column) =>
        ((int)(CellLeft + (column + 0.5) * CellWidth), (int)(CellTop + (row + 0.5) * CellHeight));

    public static HeatmapChart Draw(MlpModel model, int layerIndex, bool annotate)
    {
        var network = model.Network;
        var layer = network.Layers[layerIndex];
        var weights = network.Weights(layerIndex); // [out][in]
        int rows = layer.InputCount,
            columns = layer.OutputCount;
        string[] rowNames =
            layerIndex == 0
                ? model.Schema.FeatureNames
                : Enumerable.Range(1, rows).Select(i => $"h{layerIndex}.{i}").ToArray();
        double limit = 0;
        foreach (float w in weights)
        {
            limit = Math.Max(limit, Math.Abs(w));
        }
        limit = limit == 0 ? 1 : limit;

        int labelWidth = rowNames.Max(n => Text.Measure(n, Axes.LabelScale).Width) + 16;
        double cellWidth = Math.Clamp(560.0 / columns, annotate ? 56 : 8, 80);
        double cellHeight = Math.Clamp(420.0 / rows, annotate ? 26 : 6, 48);
        double gridWidth = cellWidth * columns,
            gridHeight = cellHeight * rows;
        int width = (int)Math.Max(480, labelWidth + gridWidth + 150);
        int height = (int)Math.Max(360, MarginTop + gridHeight + MarginBottom);
        var canvas = new Canvas(width, height, Rgba.White);
        double left = labelWidth + 10,
            top = MarginTop;
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                double value = weights[c * rows + r];
                double x0 = left + c * cellWidth,
                    y0 = top + r * cellHeight;
                canvas.FillRectangle(
                    x0,
                    y0,
                    x0 + cellWidth,
                    y0 + cellHeight,
                    ColorMaps.Diverging(value / limit)
                );
                if (annotate)
                {
                    var ink = Math.Abs(value / limit) > 0.6 ? Rgba.White : Rgba.Text;
                    Text.Draw(
                        canvas,
                        Ticks.Short(Math.Round(value, 2)),
                        x0 + cellWidth / 2,
                        y0 + cellHeight / 2,
                        1,
                        ink,
                        Align.Center,
                        Align.Center
                    );
                }
            }
        }
        canvas.StrokeRectangle(left, top, left + gridWidth, top + gridHeight, Rgba.Axis);
        bool everyRow = cellHeight >= Font5x9.Height * Axes.LabelScale + 2;
        for (int r = 0; r < rows; r++)
        {
            if (
                everyRow
                || r % (int)Math.Ceiling((Font5x9.Height * Axes.LabelScale + 2) / cellHeight) == 0
            )
            {
                Text.Draw(
                    canvas,
                    rowNames[r],
                    left - 8,
                    top + (r + 0.5) * cellHeight,
                    Axes.LabelScale,
                    Rgba.Text,
                    Align.End,
                    Align.Center
                );
            }
        }
        int labelEvery = Math.Max(1, (int)Math.Ceiling(30 / cellWidth));
        for (int c = 0; c < columns; c += labelEvery)
        {
            Text.Draw(
                canvas,
                (c + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                left + (c + 0.5) * cellWidth,
                top + gridHeight + 8,
                Axes.LabelScale,
                Rgba.Text,
                Align.Center
            );
        }
        Text.Draw(
            canvas,
            $"unit of layer {layerIndex + 1}",
            left + gridWidth / 2,
            top + gridHeight + 36,
            Axes.LabelScale,
            Rgba.Text,
            Align.Center
        );
        Text.Draw(
            canvas,
            $"Weights of layer {layerIndex + 1} ({rows} inputs x {columns} units, {(layerIndex == network.Layers.Length - 1 ? "output layer" : layer.Activation.Name())})",
            width / 2.0,
            20,
            Axes.LabelScale,
            Rgba.Text,
            Align.Center
        );
        Decorations.ColorBar(
            canvas,
            left + gridWidth + 30,
            top,
            18,
            Math.Max(gridHeight, 120),
            -limit,
            limit,
            v => ColorMaps.Diverging(v / limit),
            "w"
        );
        return new HeatmapChart
        {
            Canvas = canvas,
            CellLeft = left,
            CellTop = top,
            CellWidth = cellWidth,
            CellHeight = cellHeight,
        };
    }
}
