namespace Mlp.Cli.Plot;

/// <summary>
/// An RGB raster with anti-aliased drawing: each shape's coverage of a pixel (from the
/// distance of the pixel centre to the shape's edge) blends its colour over what is there.
/// Coordinates are in pixels, (0, 0) the top-left corner of the top-left pixel.
/// </summary>
internal sealed class Canvas
{
    private readonly byte[] _pixels;

    public Canvas(int width, int height, Rgba background)
    {
        Width = width;
        Height = height;
        _pixels = new byte[width * height * 3];
        for (int i = 0; i < width * height; i++)
        {
            _pixels[i * 3] = background.R;
            _pixels[i * 3 + 1] = background.G;
            _pixels[i * 3 + 2] = background.B;
        }
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>RGB bytes, row by row from the top.</summary>
    public ReadOnlySpan<byte> Pixels => _pixels;

    public Rgba this[int x, int y]
    {
        get
        {
            int at = (y * Width + x) * 3;
            return new Rgba(_pixels[at], _pixels[at + 1], _pixels[at + 2]);
        }
    }

    /// <summary>Blends <paramref name="color"/> over pixel (x, y) with the given coverage.</summary>
    public void Blend(int x, int y, Rgba color, double coverage)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height || coverage <= 0)
        {
            return;
        }
        int at = (y * Width + x) * 3;
        if (coverage >= 1)
        {
            _pixels[at] = color.R;
            _pixels[at + 1] = color.G;
            _pixels[at + 2] = color.B;
            return;
        }
        _pixels[at] = Mix(_pixels[at], color.R, coverage);
        _pixels[at + 1] = Mix(_pixels[at + 1], color.G, coverage);
        _pixels[at + 2] = Mix(_pixels[at + 2], color.B, coverage);
    }

    private static byte Mix(byte under, byte over, double coverage) =>
        (byte)Math.Round(under + (over - under) * coverage);

    /// <summary>Fills the rectangle [x0, x1) × [y0, y1), edges partly covering their pixels.</summary>
    public void FillRectangle(double x0, double y0, double x1, double y1, Rgba color)
    {
        if (x1 < x0)
        {
            (x0, x1) = (x1, x0);
        }
        if (y1 < y0)
        {
            (y0, y1) = (y1, y0);
        }
        int left = Math.Max(0, (int)Math.Floor(x0));
        int right = Math.Min(Width - 1, (int)Math.Ceiling(x1) - 1);
        int top = Math.Max(0, (int)Math.Floor(y0));
        int bottom = Math.Min(Height - 1, (int)Math.Ceiling(y1) - 1);
        for (int y = top; y <= bottom; y++)
        {
            double coverY = Math.Min(y + 1, y1) - Math.Max(y, y0);
            for (int x = left; x <= right; x++)
            {
                double coverX = Math.Min(x + 1, x1) - Math.Max(x, x0);
                Blend(x, y, color, coverX * coverY);
            }
        }
    }

    /// <summary>A rectangle's outline, <paramref name="thickness"/> pixels wide inside its edges.</summary>
    public void StrokeRectangle(
        double x0,
        double y0,
        double x1,
        double y1,
        Rgba color,
        double thickness = 1
    )
    {
        FillRectangle(x0, y0, x1, y0 + thickness, color);
        FillRectangle(x0, y1 - thickness, x1, y1, color);
        FillRectangle(x0, y0 + thickness, x0 + thickness, y1 - thickness, color);
        FillRectangle(x1 - thickness, y0 + thickness, x1, y1 - thickness, color);
    }

    /// <summary>A line segment <paramref name="thickness"/> pixels wide with round ends.</summary>
    public void Line(double x0, double y0, double x1, double y1, Rgba color, double thickness = 1)
    {
        double half = thickness / 2;
        int left = Math.Max(0, (int)Math.Floor(Math.Min(x0, x1) - half - 1));
        int right = Math.Min(Width - 1, (int)Math.Ceiling(Math.Max(x0, x1) + half + 1));
        int top = Math.Max(0, (int)Math.Floor(Math.Min(y0, y1) - half - 1));
        int bottom = Math.Min(Height - 1, (int)Math.Ceiling(Math.Max(y0, y1) + half + 1));
        double dx = x1 - x0,
            dy = y1 - y0;
        double lengthSquared = dx * dx + dy * dy;
        for (int y = top; y <= bottom; y++)
        {
            for (int x = left; x <= right; x++)
            {
                double px = x + 0.5 - x0,
                    py = y + 0.5 - y0;
                double t =
                    lengthSquared == 0 ? 0 : Math.Clamp((px * dx + py * dy) / lengthSquared, 0, 1);
                double ex = px - t * dx,
                    ey = py - t * dy;
                double distance = Math.Sqrt(ex * ex + ey * ey);
                Blend(x, y, color, Math.Clamp(half + 0.5 - distance, 0, 1));
            }
        }
    }

    public void Polyline(IReadOnlyList<(double X, double Y)> points, Rgba color, double thickness)
    {
        for (int i = 1; i < points.Count; i++)
        {
            Line(points[i - 1].X, points[i - 1].Y, points[i].X, points[i].Y, color, thickness);
        }
    }

    /// <summary>A filled disc, with an outline ring when <paramref name="outline"/> is given.</summary>
    public void Circle(double cx, double cy, double radius, Rgba fill, Rgba? outline = null)
    {
        int left = Math.Max(0, (int)Math.Floor(cx - radius - 1));
        int right = Math.Min(Width - 1, (int)Math.Ceiling(cx + radius + 1));
        int top = Math.Max(0, (int)Math.Floor(cy - radius - 1));
        int bottom = Math.Min(Height - 1, (int)Math.Ceiling(cy + radius + 1));
        for (int y = top; y <= bottom; y++)
        {
            for (int x = left; x <= right; x++)
            {
                double distance = Math.Sqrt(
                    (x + 0.5 - cx) * (x + 0.5 - cx) + (y + 0.5 - cy) * (y + 0.5 - cy)
                );
                double coverage = Math.Clamp(radius + 0.5 - distance, 0, 1);
                if (outline is { } ring)
                {
                    Blend(x, y, ring, coverage);
                    Blend(x, y, fill, Math.Clamp(radius - 0.5 - distance, 0, 1));
                }
                else
                {
                    Blend(x, y, fill, coverage);
                }
            }
        }
    }
}
