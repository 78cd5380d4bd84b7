using Mlp.Cli.Plot;
using Mlp.Explain;
using ScottPlot;

namespace Mlp.Tests.Plot;

/// <summary>Colour bars with a readable number of ticks on any range, and interaction pairs ranked by what they weigh.</summary>
public sealed class ColorBarTests
{
    [Theory]
    [InlineData(0, 0.155)]
    [InlineData(0, 3.45)]
    [InlineData(-3, 250)]
    [InlineData(-1e-4, 1e-4)]
    public void A_colour_bar_has_a_handful_of_ticks_whatever_its_range(double low, double high)
    {
        var plot = Figure.NewPlot();
        var heatmap = HeatmapCells.Add(
            plot,
            new[,]
            {
                { low, high },
                { high, low },
            },
            new CoordinateRect(0, 2, 0, 2)
        );
        heatmap.ManualRange = new ScottPlot.Range(low, high);
        var colorBar = ColorBars.Add(plot, heatmap, "H²_ab");
        plot.GetImage(600, 500);
        int ticks = colorBar.Axis.TickGenerator.Ticks.Count(t => t.IsMajor);
        Assert.InRange(ticks, 2, 2 * ColorBars.TargetTicks);
    }

    [Fact]
    public void Pairs_rank_by_the_size_of_their_non_additive_part_where_there_is_one()
    {
        var pairs = new double[3, 3];
        var sizes = new double[3, 3];
        (pairs[0, 1], sizes[0, 1]) = (3.45, 0.002); // a large share of almost nothing
        (pairs[0, 2], sizes[0, 2]) = (0.2, 0.05);
        (pairs[1, 2], sizes[1, 2]) = (0.1, 0.01);
        var report = new InteractionReport(
            "h-statistic",
            ["a", "b", "c"],
            [0, 0, 0],
            pairs,
            "f",
            10
        )
        {
            PairSizes = sizes,
        };
        Assert.Equal([(0, 2), (1, 2), (0, 1)], report.Ranked().Select(p => (p.A, p.B)).ToArray());
        var shap = new InteractionReport("shap", ["a", "b", "c"], [0, 0, 0], pairs, "f", 10);
        Assert.Equal([(0, 1), (0, 2), (1, 2)], shap.Ranked().Select(p => (p.A, p.B)).ToArray());
    }
}
