namespace Mlp.Cli.Plot;

/// <summary>An opaque sRGB colour (alpha is applied when drawing, as coverage).</summary>
internal readonly record struct Rgba(byte R, byte G, byte B)
{
    public static readonly Rgba White = new(255, 255, 255);
    public static readonly Rgba Black = new(0, 0, 0);
    public static readonly Rgba Text = new(34, 34, 34);
    public static readonly Rgba Grid = new(225, 225, 225);
    public static readonly Rgba Axis = new(90, 90, 90);

    /// <summary>The categorical palette (Tableau 10) for classes and series.</summary>
    public static readonly Rgba[] Categories =
    [
        new(31, 119, 180),
        new(255, 127, 14),
        new(44, 160, 44),
        new(214, 39, 40),
        new(148, 103, 189),
        new(140, 86, 75),
        new(227, 119, 194),
        new(127, 127, 127),
        new(188, 189, 34),
        new(23, 190, 207),
    ];

    public static Rgba Category(int index) => Categories[index % Categories.Length];

    public ScottPlot.Color ToColor(double alpha = 1) => new(R, G, B, (byte)Math.Round(alpha * 255));

    /// <summary>Relative luminance in [0, 1]: dark text on light colours, light text on dark.</summary>
    public double Luminance => (0.2126 * R + 0.7152 * G + 0.0722 * B) / 255;

    /// <summary>a + t (b − a) per channel, t in [0, 1].</summary>
    public static Rgba Mix(Rgba a, Rgba b, double t) =>
        new(Channel(a.R, b.R, t), Channel(a.G, b.G, t), Channel(a.B, b.B, t));

    private static byte Channel(byte a, byte b, double t) =>
        (byte)Math.Clamp(Math.Round(a + (b - a) * t), 0, 255);
}
