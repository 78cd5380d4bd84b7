namespace Mlp.Cli.Plot;

/// <summary>Colour bars and legends.</summary>
internal static class Decorations
{
    /// <summary>A vertical colour bar for values [min, max] with ticks and labels to its right.</summary>
    public static void ColorBar(
        Canvas canvas,
        double left,
        double top,
        double width,
        double height,
        double min,
        double max,
        Func<double, Rgba> color,
        string? title = null
    )
    {
        for (int row = 0; row < (int)height; row++)
        {
            double value = max - (row + 0.5) / height * (max - min);
            canvas.FillRectangle(left, top + row, left + width, top + row + 1, color(value));
        }
        canvas.StrokeRectangle(left, top, left + width, top + height, Rgba.Axis);
        var (values, step) = Ticks.Linear(min, max, 5);
        foreach (double value in values)
        {
            double y = Math.Round(top + (max - value) / (max - min == 0 ? 1 : max - min) * height);
            canvas.FillRectangle(left + width, y, left + width + 5, y + 1, Rgba.Axis);
            Text.Draw(
                canvas,
                Ticks.Label(value, step),
                left + width + 8,
                y + 0.5,
                Axes.LabelScale,
                Rgba.Text,
                Align.Start,
                Align.Center
            );
        }
        if (title is not null)
        {
            Text.Draw(
                canvas,
                title,
                left + width / 2,
                top - 8,
                Axes.LabelScale,
                Rgba.Text,
                Align.Center,
                Align.End
            );
        }
    }

    /// <summary>A legend box of colour swatches and labels, its top-right corner at (right, top).</summary>
    public static void Legend(
        Canvas canvas,
        double right,
        double top,
        IReadOnlyList<(Rgba Color, string Label, bool Line)> entries
    )
    {
        int lineHeight = Font5x9.Height * Axes.LabelScale + 6;
        int widest = entries.Max(e => Text.Measure(e.Label, Axes.LabelScale).Width);
        double width = widest + 44;
        double height = entries.Count * lineHeight + 8;
        double left = right - width;
        canvas.FillRectangle(left, top, right, top + height, Rgba.White);
        canvas.StrokeRectangle(left, top, right, top + height, Rgba.Grid);
        for (int i = 0; i < entries.Count; i++)
        {
            var (color, label, line) = entries[i];
            double y = top + 4 + i * lineHeight + lineHeight / 2.0;
            if (line)
            {
                canvas.Line(left + 8, y, left + 30, y, color, 3);
            }
            else
            {
                canvas.Circle(left + 19, y, 6, color, Rgba.White);
            }
            Text.Draw(
                canvas,
                label,
                left + 38,
                y,
                Axes.LabelScale,
                Rgba.Text,
                Align.Start,
                Align.Center
            );
        }
    }
}
