namespace Mlp.Cli.Plot;

/// <summary>
/// A plotting area on a canvas: maps data coordinates to pixels (y upwards, optionally
/// logarithmic) and draws the frame, grid, ticks, tick labels and axis titles around it.
/// </summary>
internal sealed class Axes(
    Canvas canvas,
    double left,
    double top,
    double right,
    double bottom,
    (double Min, double Max) x,
    (double Min, double Max) y,
    bool logY = false
)
{
    public const int LabelScale = 2;

    public Canvas Canvas => canvas;
    public double Left => left;
    public double Top => top;
    public double Right => right;
    public double Bottom => bottom;
    public (double Min, double Max) XRange => x;
    public (double Min, double Max) YRange => y;

    public double PixelX(double value) =>
        left + (value - x.Min) / (x.Max - x.Min == 0 ? 1 : x.Max - x.Min) * (right - left);

    public double PixelY(double value)
    {
        double low = logY ? Math.Log10(y.Min) : y.Min;
        double high = logY ? Math.Log10(y.Max) : y.Max;
        double v = logY ? Math.Log10(Math.Max(value, y.Min * 1e-3)) : value;
        return bottom - (v - low) / (high - low == 0 ? 1 : high - low) * (bottom - top);
    }

    /// <summary>The data value at a pixel column centre (inverse of the map above).</summary>
    public double ValueX(double pixel) => x.Min + (pixel - left) / (right - left) * (x.Max - x.Min);

    /// <summary>Grid lines, frame, ticks with labels, and the axis titles.</summary>
    public void Draw(
        string? xTitle,
        string? yTitle,
        bool grid = true,
        bool xTicks = true,
        bool yTicks = true
    )
    {
        var (xValues, xStep) = Ticks.Linear(x.Min, x.Max, Math.Max(2, (int)((right - left) / 90)));
        var (yValues, yStep) = logY
            ? (Ticks.Decades(y.Min, y.Max), 1)
            : Ticks.Linear(y.Min, y.Max, Math.Max(2, (int)((bottom - top) / 60)));
        if (grid)
        {
            foreach (double value in xTicks ? xValues : [])
            {
                canvas.FillRectangle(
                    Math.Round(PixelX(value)),
                    top,
                    Math.Round(PixelX(value)) + 1,
                    bottom,
                    Rgba.Grid
                );
            }
            foreach (double value in yTicks ? yValues : [])
            {
                canvas.FillRectangle(
                    left,
                    Math.Round(PixelY(value)),
                    right,
                    Math.Round(PixelY(value)) + 1,
                    Rgba.Grid
                );
            }
        }
        canvas.StrokeRectangle(left, top, right, bottom, Rgba.Axis);
        int widestY = 0;
        if (xTicks)
        {
            foreach (double value in xValues)
            {
                double px = Math.Round(PixelX(value));
                canvas.FillRectangle(px, bottom, px + 1, bottom + 5, Rgba.Axis);
                Text.Draw(
                    canvas,
                    Ticks.Label(value, xStep),
                    px + 0.5,
                    bottom + 8,
                    LabelScale,
                    Rgba.Text,
                    Align.Center
                );
            }
        }
        if (yTicks)
        {
            foreach (double value in yValues)
            {
                double py = Math.Round(PixelY(value));
                canvas.FillRectangle(left - 5, py, left, py + 1, Rgba.Axis);
                string label = logY ? Ticks.Short(value) : Ticks.Label(value, yStep);
                widestY = Math.Max(widestY, Text.Measure(label, LabelScale).Width);
                Text.Draw(
                    canvas,
                    label,
                    left - 8,
                    py + 0.5,
                    LabelScale,
                    Rgba.Text,
                    Align.End,
                    Align.Center
                );
            }
        }
        if (xTitle is not null)
        {
            Text.Draw(
                canvas,
                xTitle,
                (left + right) / 2,
                bottom + 34,
                LabelScale,
                Rgba.Text,
                Align.Center
            );
        }
        if (yTitle is not null)
        {
            Text.Draw(
                canvas,
                yTitle,
                left - 16 - widestY,
                (top + bottom) / 2,
                LabelScale,
                Rgba.Text,
                Align.Center,
                Align.End,
                rotated: true
            );
        }
    }

    /// <summary>A title centred above the area.</summary>
    public void Title(string title) =>
        Text.Draw(
            canvas,
            title,
            (left + right) / 2,
            top - 12,
            LabelScale,
            Rgba.Text,
            Align.Center,
            Align.End
        );
}
