namespace Mlp.Cli.Plot;

public enum Align
{
    Start,
    Center,
    End,
}

/// <summary>Text in <see cref="Font5x9"/>, each font pixel a <c>scale</c> × <c>scale</c> square.</summary>
internal static class Text
{
    /// <summary>Width and height of the text's box (height includes the descenders).</summary>
    public static (int Width, int Height) Measure(string text, int scale) =>
        (
            text.Length == 0 ? 0 : (text.Length * (Font5x9.Width + 1) - 1) * scale,
            Font5x9.Height * scale
        );

    /// <summary>
    /// Draws <paramref name="text"/> with its box aligned to (x, y): horizontally by
    /// <paramref name="horizontal"/>, vertically by <paramref name="vertical"/> (Start = top).
    /// Rotated text runs upwards (for a y-axis title); the alignments then apply along its run.
    /// </summary>
    public static void Draw(
        Canvas canvas,
        string text,
        double x,
        double y,
        int scale,
        Rgba color,
        Align horizontal = Align.Start,
        Align vertical = Align.Start,
        bool rotated = false
    )
    {
        var (width, height) = Measure(text, scale);
        double along = horizontal switch
        {
            Align.Center => width / 2.0,
            Align.End => width,
            _ => 0,
        };
        double across = vertical switch
        {
            Align.Center => height / 2.0,
            Align.End => height,
            _ => 0,
        };
        int originX = (int)Math.Round(rotated ? x - across : x - along);
        int originY = (int)Math.Round(rotated ? y + along : y - across);
        for (int index = 0; index < text.Length; index++)
        {
            var glyph = Font5x9.Glyph(text[index]);
            int offset = index * (Font5x9.Width + 1) * scale;
            for (int row = 0; row < Font5x9.Height; row++)
            {
                for (int column = 0; column < Font5x9.Width; column++)
                {
                    if (!glyph[row, column])
                    {
                        continue;
                    }
                    // Upright: column → x, row → y. Rotated a quarter turn anticlockwise: column → −y, row → x.
                    double px = rotated ? originX + row * scale : originX + offset + column * scale;
                    double py = rotated
                        ? originY - offset - (column + 1) * scale
                        : originY + row * scale;
                    canvas.FillRectangle(px, py, px + scale, py + scale, color);
                }
            }
        }
    }
}
