using Mlp.Cli.Plot;

namespace Mlp.Cli.Report;

/// <summary>The first layer's weights as a heatmap, and the whole network as nodes and edges.</summary>
internal static class WeightsSection
{
    public static void Write(HtmlReport report, ReportData data)
    {
        report.Section(
            "weights",
            "Weights",
            "The network's parameters themselves: in the heatmap each cell is the weight from an input (standardized) to a first-layer unit, red positive and blue negative; in the diagram each edge's colour is its weight's sign and its width the weight's size. Weights show what the network could do, not what it does with the data: the importance section measures that.",
            () =>
            {
                report.Picture(
                    HeatmapChart.Draw(data.Model, 0, annotate: false).Figure,
                    "First-layer weights: inputs against units."
                );
                report.Picture(NetworkChart.Draw(data.Model), "The network, inputs on the left.");
            }
        );
    }
}
