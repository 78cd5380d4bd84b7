using SkiaSharp;

namespace Mlp.Cli.Plot;

/// <summary>
/// Decision regions as an image, one pixel a grid point (row 0 at the top): each in its
/// outcome's colour (a class's, paler where the model is less sure), darkened where the
/// predicted class changes to the next point, which draws the boundary.
/// </summary>
internal static class RegionImage
{
    private static readonly Rgba Edge = new(40, 40, 40);

    public static ScottPlot.Image From(ReadOnlySpan<float> outputs, int size, OutcomeColors colors)
    {
        int width = outputs.Length / (size * size);
        var classes = new int[size * size];
        for (int i = 0; i < classes.Length; i++)
        {
            classes[i] = colors.ClassOf(outputs.Slice(i * width, width));
        }
        using var bitmap = new SKBitmap(size, size, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var pixels = bitmap.GetPixelSpan();
        for (int row = 0; row < size; row++)
        {
            for (int column = 0; column < size; column++)
            {
                int i = row * size + column;
                bool boundary =
                    (column + 1 < size && classes[i + 1] != classes[i])
                    || (row + 1 < size && classes[i + size] != classes[i]);
                var color = boundary ? Edge : colors.Region(outputs.Slice(i * width, width));
                pixels[i * 4] = color.R;
                pixels[i * 4 + 1] = color.G;
                pixels[i * 4 + 2] = color.B;
                pixels[i * 4 + 3] = 255;
            }
        }
        return new ScottPlot.Image(bitmap);
    }
}
