using System.Globalization;
using Mlp.Model;
using ScottPlot;

namespace Mlp.Cli.Plot;

/// <summary>
/// A layer's weights as a heatmap: one row per input (feature names for the first layer), one
/// column per unit, a diverging colour scale symmetric around zero (blue negative, red
/// positive), a colour bar, and the values written in the cells on request. A layer larger than
/// <see cref="MaxRows"/> inputs or <see cref="MaxColumns"/> units shows those with the largest
/// weights (by the root of their squared weights), in their order, and says so under the title.
/// </summary>
internal sealed class HeatmapChart
{
    public const int MaxRows = 60;
    public const int MaxColumns = 64;

    private readonly ScottPlot.Plot _plot;
    private readonly int[] _inputs;
    private readonly int[] _units;

    private HeatmapChart(ScottPlot.Plot plot, int[] inputs, int[] units, Figure figure)
    {
        _plot = plot;
        _inputs = inputs;
        _units = units;
        Figure = figure;
    }

    public Figure Figure { get; }

    /// <summary>The pixel at the centre of the cell of an input and a unit (after the picture was drawn), or null when that cell is not shown.</summary>
    public (int X, int Y)? CellCenter(int input, int unit)
    {
        int row = Array.IndexOf(_inputs, input),
            column = Array.IndexOf(_units, unit);
        if (row < 0 || column < 0)
        {
            return null;
        }
        var pixel = _plot.GetPixel(new Coordinates(column + 0.5, _inputs.Length - row - 0.5));
        return ((int)Math.Round(pixel.X), (int)Math.Round(pixel.Y));
    }

    public static HeatmapChart Draw(MlpModel model, int layerIndex, bool annotate)
    {
        var network = model.Network;
        var layer = network.Layers[layerIndex];
        float[] weights = network.Weights(layerIndex).ToArray(); // [out][in]
        int inputCount = layer.InputCount,
            unitCount = layer.OutputCount;
        string[] inputNames =
            layerIndex == 0
                ? model.Schema.FeatureNames
                : [.. Enumerable.Range(1, inputCount).Select(i => $"h{layerIndex}.{i}")];
        var inputs = Largest(
            inputCount,
            MaxRows,
            i => Norm(weights, i, unitCount, inputCount, true)
        );
        var units = Largest(
            unitCount,
            MaxColumns,
            j => Norm(weights, j, unitCount, inputCount, false)
        );
        var values = new double[inputs.Length, units.Length];
        double limit = 0;
        for (int r = 0; r < inputs.Length; r++)
        {
            for (int c = 0; c < units.Length; c++)
            {
                values[r, c] = weights[units[c] * inputCount + inputs[r]];
                limit = Math.Max(limit, Math.Abs(values[r, c]));
            }
        }
        limit = limit == 0 ? 1 : limit;

        var plot = Figure.NewPlot();
        var heatmap = HeatmapCells.Add(
            plot,
            values,
            new CoordinateRect(0, units.Length, 0, inputs.Length)
        );
        heatmap.Colormap = new DivergingColormap();
        heatmap.ManualRange = new ScottPlot.Range(-limit, limit);
        ColorBars.Add(plot, heatmap, "weight");

        plot.Axes.Left.TickGenerator = ManualTicks.At(
            inputs.Select((input, r) => (inputs.Length - r - 0.5, inputNames[input]))
        );
        plot.Axes.Bottom.TickGenerator = ManualTicks.At(
            units
                .Select((unit, c) => (c + 0.5, (unit + 1).ToString(CultureInfo.InvariantCulture)))
                .Where((_, c) => units.Length <= 32 || c % Math.Max(1, units.Length / 16) == 0)
        );
        plot.Axes.Left.TickLabelStyle.FontSize = inputs.Length > 40 ? 9 : 11;
        plot.Axes.SetLimits(0, units.Length, 0, inputs.Length);
        plot.HideGrid();
        string to =
            layerIndex == network.Layers.Length - 1
                ? $"{unitCount} output{(unitCount == 1 ? "" : "s")}"
                : $"{unitCount} hidden units ({layer.Activation.Name()})";
        string from = layerIndex == 0 ? $"{inputCount} inputs" : $"hidden layer {layerIndex}";
        plot.Title($"Layer {layerIndex + 1} weights: {from} → {to}");
        plot.XLabel(layerIndex == network.Layers.Length - 1 ? "output" : "unit");
        plot.YLabel(layerIndex == 0 ? "input feature" : $"unit of hidden layer {layerIndex}");
        string? shown = Shown(
            inputs.Length,
            inputCount,
            "inputs",
            units.Length,
            unitCount,
            "units"
        );
        if (shown is not null)
        {
            plot.Axes.Title.Label.Text += "\n" + shown;
        }
        if (model.Settings.Ensemble > 1)
        {
            int members = model.Settings.Ensemble;
            int memberUnits =
                layerIndex == network.Layers.Length - 1
                    ? layer.InputCount / members
                    : unitCount / members;
            plot.Axes.Title.Label.Text +=
                $"\nan ensemble of {members} networks side by side: units 1–{memberUnits} are member 1's, {memberUnits + 1}–{2 * memberUnits} member 2's, …";
        }
        if (annotate)
        {
            Annotate(plot, values, limit);
        }

        int labelWidth = (int)(inputs.Max(i => inputNames[i].Length) * 7.2);
        // An annotated cell is wide enough for "-0.00" at the annotation's font, however many are shown.
        double cell = Math.Clamp(
            720.0 / Math.Max(inputs.Length, units.Length),
            annotate ? 34 : 12,
            44
        );
        int width = (int)Math.Max(480, labelWidth + 210 + cell * units.Length);
        width = Math.Max(
            width,
            (int)(plot.Axes.Title.Label.Text.Split('\n').Max(l => l.Length) * 9.5) + 60
        );
        int height = (int)Math.Max(360, 150 + cell * inputs.Length);
        return new HeatmapChart(plot, inputs, units, Figure.Of(plot, width, height));
    }

    /// <summary>The root of the squared weights of an input (across units) or of a unit (across inputs).</summary>
    private static double Norm(
        ReadOnlySpan<float> weights,
        int index,
        int units,
        int inputs,
        bool input
    )
    {
        double sum = 0;
        for (int k = 0; k < (input ? units : inputs); k++)
        {
            double w = input ? weights[k * inputs + index] : weights[index * inputs + k];
            sum += w * w;
        }
        return Math.Sqrt(sum);
    }

    /// <summary>All indices up to <paramref name="limit"/>, else the largest by <paramref name="size"/>, in index order.</summary>
    private static int[] Largest(int count, int limit, Func<int, double> size) =>
        count <= limit
            ? [.. Enumerable.Range(0, count)]
            : [.. Enumerable.Range(0, count).OrderByDescending(size).Take(limit).Order()];

    private static string? Shown(
        int rows,
        int allRows,
        string rowWord,
        int columns,
        int allColumns,
        string columnWord
    )
    {
        var parts = new List<string>();
        if (rows < allRows)
        {
            parts.Add($"{rows} of {allRows:N0} {rowWord}");
        }
        if (columns < allColumns)
        {
            parts.Add($"{columns} of {allColumns:N0} {columnWord}");
        }
        return parts.Count == 0
            ? null
            : $"showing {string.Join(" and ", parts)}: those with the largest weights";
    }

    /// <summary>Each value in its cell, dark on light cells and light on dark ones.</summary>
    private static void Annotate(ScottPlot.Plot plot, double[,] values, double limit)
    {
        int rows = values.GetLength(0),
            columns = values.GetLength(1);
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                double value = values[r, c];
                var text = plot.Add.Text(
                    value.ToString("0.00", CultureInfo.InvariantCulture),
                    c + 0.5,
                    rows - r - 0.5
                );
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontSize = 10;
                bool dark = ColorMaps.Diverging(value / limit).Luminance < 0.5;
                text.LabelFontColor = dark ? Colors.White : Colors.Black;
            }
        }
    }
}
