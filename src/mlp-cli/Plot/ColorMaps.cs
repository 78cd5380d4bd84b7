namespace Mlp.Cli.Plot;

/// <summary>
/// Colour maps: a diverging one for signed values (blue – white – red, centred on zero) and a
/// perceptually uniform sequential one (viridis, linear between its published control colours).
/// </summary>
internal static class ColorMaps
{
    private static readonly Rgba[] DivergingStops =
    [
        new(5, 48, 97),
        new(33, 102, 172),
        new(67, 147, 195),
        new(146, 197, 222),
        new(209, 229, 240),
        new(247, 247, 247),
        new(253, 219, 199),
        new(244, 165, 130),
        new(214, 96, 77),
        new(178, 24, 43),
        new(103, 0, 31),
    ];

    private static readonly Rgba[] ViridisStops =
    [
        new(68, 1, 84),
        new(72, 40, 120),
        new(62, 74, 137),
        new(49, 104, 142),
        new(38, 130, 142),
        new(31, 158, 137),
        new(53, 183, 121),
        new(110, 206, 88),
        new(181, 222, 43),
        new(253, 231, 37),
    ];

    /// <summary>t in [−1, 1]: −1 deep blue, 0 white, 1 deep red.</summary>
    public static Rgba Diverging(double t) => Sample(DivergingStops, (t + 1) / 2);

    /// <summary>t in [0, 1]: dark purple to yellow.</summary>
    public static Rgba Viridis(double t) => Sample(ViridisStops, t);

    private static Rgba Sample(Rgba[] stops, double t)
    {
        if (double.IsNaN(t))
        {
            return new Rgba(128, 128, 128);
        }
        double position = Math.Clamp(t, 0, 1) * (stops.Length - 1);
        int low = Math.Min((int)position, stops.Length - 2);
        return Rgba.Mix(stops[low], stops[low + 1], position - low);
    }
}

/// <summary>ColorMaps.Diverging for ScottPlot's heatmaps and colour bars: 0 deep blue, 0.5 white, 1 deep red.</summary>
internal sealed class DivergingColormap : ScottPlot.IColormap
{
    public string Name => "RdBu";

    public ScottPlot.Color GetColor(double position) =>
        ColorMaps.Diverging(2 * position - 1).ToColor();
}

/// <summary>ColorMaps.Viridis for ScottPlot's heatmaps and colour bars.</summary>
internal sealed class ViridisColormap : ScottPlot.IColormap
{
    public string Name => "viridis";

    public ScottPlot.Color GetColor(double position) => ColorMaps.Viridis(position).ToColor();
}
