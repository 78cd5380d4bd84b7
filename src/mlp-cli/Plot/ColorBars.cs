using ScottPlot;

namespace Mlp.Cli.Plot;

/// <summary>
/// A heatmap's colour bar as every picture draws it: about six ticks whatever the range, and
/// its label clear of the tick labels (ScottPlot places the label at a fixed distance from the
/// bar, so wide tick labels ran into it: the panel is widened by what they take).
/// </summary>
internal static class ColorBars
{
    public const int TargetTicks = 6;

    /// <summary>About the width of a character of the 11 px tick labels, in pixels.</summary>
    private const double CharacterWidth = 7;

    public static ScottPlot.Panels.ColorBar Add(
        ScottPlot.Plot plot,
        IHasColorAxis source,
        string label
    )
    {
        var colorBar = plot.Add.ColorBar(source);
        colorBar.Axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            TargetTickCount = TargetTicks,
        };
        colorBar.Label = label;
        colorBar.LabelStyle.FontSize = 13;
        var range = source.GetRange();
        int widest = new[] { range.Min, range.Max, (range.Min + range.Max) / 2 }
            .Select(v =>
                v.ToString("G4", System.Globalization.CultureInfo.InvariantCulture).Length + 1
            )
            .Max();
        colorBar.MinimumSize = (float)(colorBar.Width + 8 + widest * CharacterWidth + 24);
        return colorBar;
    }
}
