using System.Globalization;
using Mlp.Explain;
using ScottPlot;

namespace Mlp.Cli.Plot;

/// <summary>
/// The pairs' interaction strengths as a symmetric matrix (a sequential colour scale from 0,
/// the values in the cells when they fit, the diagonal left grey), each feature's overall
/// value beside its name; more than <see cref="MaxFeatures"/> features show those with the
/// largest overall values.
/// </summary>
internal static class InteractionChart
{
    public const int MaxFeatures = 40;
    private const int MaxAnnotated = 16;

    /// <summary>About the width of a character of the 11 px tick labels, in pixels.</summary>
    private const double CharacterWidth = 6.8;

    public static Figure Draw(InteractionReport report)
    {
        var (pairMeasure, overallMeasure) = InteractionOutput.Measures(report.Method);
        var shown = Enumerable
            .Range(0, report.Features.Length)
            .OrderByDescending(j => report.Overall[j])
            .Take(MaxFeatures)
            .Order()
            .ToArray();
        int n = shown.Length;
        var values = new double[n, n];
        double max = 0;
        for (int r = 0; r < n; r++)
        {
            for (int c = 0; c < n; c++)
            {
                values[r, c] = r == c ? double.NaN : report.Pairs[shown[r], shown[c]];
                max = r == c ? max : Math.Max(max, values[r, c]);
            }
        }
        var plot = Figure.NewPlot();
        var heatmap = HeatmapCells.Add(plot, values, new CoordinateRect(0, n, 0, n));
        heatmap.Colormap = new ViridisColormap();
        heatmap.ManualRange = new ScottPlot.Range(0, max > 0 ? max : 1);
        heatmap.NaNCellColor = Colors.LightGray;
        ColorBars.Add(plot, heatmap, pairMeasure);
        string Overall(int j) => report.Overall[j].ToString("0.###", CultureInfo.InvariantCulture);
        plot.Axes.Left.TickGenerator = ManualTicks.At(
            shown.Select((j, r) => (n - r - 0.5, $"{report.Features[j]} ({Overall(j)})"))
        );
        plot.Axes.Bottom.TickGenerator = ManualTicks.At(
            shown.Select((j, c) => (c + 0.5, report.Features[j]))
        );
        double cell = Math.Clamp(640.0 / n, 14, 70);
        // Names wider than their cell are slanted, so that neighbours do not run together.
        double longestName = shown.Max(j => report.Features[j].Length) * CharacterWidth;
        bool slanted = longestName > cell - 6;
        if (slanted)
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
            // The layout measures labels unrotated: room for the slanted ones is asked for.
            plot.Axes.Bottom.MinimumSize = (float)(longestName * 0.75 + 12);
        }
        if (n <= MaxAnnotated)
        {
            for (int r = 0; r < n; r++)
            {
                for (int c = 0; c < n; c++)
                {
                    if (r == c)
                    {
                        continue;
                    }
                    var text = plot.Add.Text(
                        values[r, c].ToString("0.###", CultureInfo.InvariantCulture),
                        c + 0.5,
                        n - r - 0.5
                    );
                    text.LabelAlignment = Alignment.MiddleCenter;
                    text.LabelFontSize = 10;
                    bool dark = ColorMaps.Viridis(max > 0 ? values[r, c] / max : 0).Luminance < 0.5;
                    text.LabelFontColor = dark ? Colors.White : Colors.Black;
                }
            }
        }
        plot.Axes.SetLimits(0, n, 0, n);
        plot.HideGrid();
        string method =
            report.Method == "shap" ? "exact SHAP interaction values" : "Friedman's H-statistic";
        string cut =
            n < report.Features.Length
                ? $"; the {n} of {report.Features.Length} features with the largest {overallMeasure}"
                : "";
        plot.Title(
            $"Interactions by {method} ({report.Rows} rows)\ncells: {pairMeasure}; in brackets: {overallMeasure}{cut}"
        );
        int labelWidth = (int)(shown.Max(j => report.Features[j].Length + 8) * 7.2);
        int width = (int)Math.Max(560, labelWidth + 200 + cell * n);
        int height = (int)Math.Max(420, 170 + cell * n + (slanted ? longestName * 0.75 : 0));
        return Figure.Of(plot, width, height);
    }
}
