using ScottPlot;

namespace Mlp.Cli.Plot;

/// <summary>Heatmaps whose cells line up with their labels and ticks.</summary>
internal static class HeatmapCells
{
    /// <summary>Above this many cells a heatmap is drawn as one bitmap (fine grids, animation frames).</summary>
    private const int MaxRectangles = 10_000;

    /// <summary>
    /// A heatmap filling <paramref name="edges"/>, cell by cell up to <see cref="MaxRectangles"/>
    /// cells (a scaled one-pixel-per-cell bitmap is smoothed in SVG). ScottPlot's extent runs
    /// through the centres of the outer cells, so it is the edges moved in by half a cell.
    /// </summary>
    public static ScottPlot.Plottables.Heatmap Add(
        ScottPlot.Plot plot,
        double[,] values,
        CoordinateRect edges
    )
    {
        // A single row or column would be a zero-width extent (nothing drawn): it is doubled.
        values = AtLeastTwo(values);
        var heatmap = plot.Add.Heatmap(values);
        if (values.Length <= MaxRectangles)
        {
            heatmap.RenderStrategy = new ScottPlot.Plottables.Heatmap.RenderStrategies.Rectangles();
        }
        double halfWidth = edges.Width / values.GetLength(1) / 2,
            halfHeight = edges.Height / values.GetLength(0) / 2;
        heatmap.Extent = new CoordinateRect(
            edges.Left + halfWidth,
            edges.Right - halfWidth,
            edges.Bottom + halfHeight,
            edges.Top - halfHeight
        );
        return heatmap;
    }

    private static double[,] AtLeastTwo(double[,] values)
    {
        int rows = values.GetLength(0),
            columns = values.GetLength(1);
        if (rows > 1 && columns > 1)
        {
            return values;
        }
        var doubled = new double[Math.Max(2, rows), Math.Max(2, columns)];
        for (int r = 0; r < doubled.GetLength(0); r++)
        {
            for (int c = 0; c < doubled.GetLength(1); c++)
            {
                doubled[r, c] = values[Math.Min(r, rows - 1), Math.Min(c, columns - 1)];
            }
        }
        return doubled;
    }
}
