using ScottPlot;
using SkiaSharp;

namespace Mlp.Cli.Plot;

/// <summary>
/// A picture made of panels: ScottPlot plots, each in its rectangle, and drawings straight on
/// the canvas. Written as PNG or SVG by the output's extension (SVG keeps text as text), or
/// rasterized for the frames of an animation.
/// </summary>
internal sealed class Figure(int width, int height)
{
    private readonly List<Action<SKCanvas>> _layers = [];

    public int Width => width;
    public int Height => height;

    /// <summary>A new plot in the pictures' font and style (the font must be registered before a plot reads it).</summary>
    public static ScottPlot.Plot NewPlot()
    {
        PictureFonts.EnsureRegistered();
        var plot = new ScottPlot.Plot();
        plot.Axes.Title.Label.FontSize = 15;
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.Label.FontSize = 13;
            axis.TickLabelStyle.FontSize = 11;
        }
        plot.Legend.FontSize = 11;
        return plot;
    }

    /// <summary>One plot filling the whole picture.</summary>
    public static Figure Of(ScottPlot.Plot plot, int width, int height)
    {
        var figure = new Figure(width, height);
        figure.Add(plot, new PixelRect(0, width, height, 0));
        return figure;
    }

    /// <summary>A plot drawn in <paramref name="rect"/> (and nowhere else: plots clear their background).</summary>
    public void Add(ScottPlot.Plot plot, PixelRect rect) =>
        _layers.Add(canvas =>
        {
            canvas.Save();
            canvas.ClipRect(new SKRect(rect.Left, rect.Top, rect.Right, rect.Bottom));
            plot.Render(canvas, rect);
            canvas.Restore();
        });

    public void Add(Action<SKCanvas> draw) => _layers.Add(draw);

    private void Draw(SKCanvas canvas)
    {
        canvas.Clear(SKColors.White);
        foreach (var layer in _layers)
        {
            layer(canvas);
        }
    }

    public byte[] Png()
    {
        using var bitmap = Raster();
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    public byte[] Svg()
    {
        // ScottPlot renders a plot a second time when the first render moved its axes or
        // layout; on an SVG canvas both renders would stay in the file, one under the other.
        // A first pass that draws nothing settles the layout, so the file holds one.
        using (var settle = new SKNoDrawCanvas(width, height))
        {
            Draw(settle);
        }
        using var buffer = new MemoryStream();
        using (var stream = new SKManagedWStream(buffer))
        using (var canvas = SKSvgCanvas.Create(SKRect.Create(width, height), stream))
        {
            Draw(canvas);
        }
        return buffer.ToArray();
    }

    /// <summary>The picture's pixels, RGBA with 8 bits a channel.</summary>
    public SKBitmap Raster()
    {
        var bitmap = new SKBitmap(
            new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul)
        );
        using var canvas = new SKCanvas(bitmap);
        Draw(canvas);
        return bitmap;
    }

    /// <summary>Writes the picture as the output's extension says: .svg, else PNG.</summary>
    public void Write(OutputPlan outputs, PlannedOutput output) =>
        outputs.Write(output, stream => stream.Write(ImageFile.IsSvg(output.Path) ? Svg() : Png()));
}
