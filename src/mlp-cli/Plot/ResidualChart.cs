using Mlp.Data;
using ScottPlot;

namespace Mlp.Cli.Plot;

/// <summary>
/// Regression residuals (true − predicted, in target units) against the predictions, a line at
/// zero: a good fit scatters evenly around it; a curve or a funnel shows what the model misses.
/// </summary>
internal static class ResidualChart
{
    /// <summary>More rows than this are drawn as a seeded sample (the picture stays small).</summary>
    public const int MaxPoints = 2000;

    public static Figure Draw(float[] predicted, float[] actual, string target, long seed)
    {
        var rows =
            predicted.Length <= MaxPoints
                ? Enumerable.Range(0, predicted.Length).ToArray()
                : RowSample.Take(predicted.Length, MaxPoints, Rng.For(seed, RngStream.PictureRows));
        double[] xs = [.. rows.Select(r => (double)predicted[r])];
        double[] ys = [.. rows.Select(r => (double)actual[r] - predicted[r])];
        var plot = Figure.NewPlot();
        var points = plot.Add.ScatterPoints(xs, ys);
        points.Color = Rgba.Category(0).ToColor().WithAlpha(0.55);
        points.MarkerSize = 4;
        plot.Add.HorizontalLine(0, 1.5f, Colors.Black, LinePattern.Dashed);
        plot.Title(
            rows.Length < predicted.Length
                ? $"Residuals ({rows.Length:N0} of {predicted.Length:N0} rows)"
                : $"Residuals ({predicted.Length:N0} rows)"
        );
        plot.XLabel($"predicted {target}");
        plot.YLabel($"true − predicted {target}");
        return Figure.Of(plot, 760, 440);
    }
}
