using Mlp.Cli.Plot;
using Mlp.Explain;
using Mlp.Kernels;
using Mlp.Model;
using Mlp.Tests.Model;

namespace Mlp.Tests.Plot;

/// <summary>What a picture promises it draws: error bars where importance has a spread, and every shown weight written out under --annotate.</summary>
public sealed class AnnotationTests
{
    private static ImportanceReport Report(double? std) =>
        new()
        {
            Method = "permutation",
            Metric = "r2",
            Features =
            [
                new FeatureImportance("a", 0.5, std),
                new FeatureImportance("b", 0.2, std is null ? null : 0),
            ],
        };

    [Fact]
    public void Importance_bars_with_a_spread_draw_error_bars_and_those_without_do_not()
    {
        static byte[] Pixels(ImportanceReport report)
        {
            using var bitmap = ImportanceChart.Draw([report], "t").Raster();
            return bitmap.Bytes;
        }
        var none = Pixels(Report(null));
        Assert.Equal(none, Pixels(Report(0)));
        Assert.NotEqual(none, Pixels(Report(0.1)));
    }

    /// <summary>Layers of up to the most cells shown (60 inputs × 64 units): each cell's value is in the SVG's text.</summary>
    [Theory]
    [InlineData(30, 64)]
    [InlineData(60, 32)]
    [InlineData(60, 64)]
    public void Every_shown_cell_is_annotated_however_many_there_are(int inputs, int units)
    {
        var network = Network<float>.Create(inputs, [units], 1, Activation.Relu);
        var weights = network.Weights(0);
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = 0.01f;
        }
        weights[(units - 1) * inputs + inputs - 1] = 0.77f;
        weights[0] = -0.42f;
        var model = TestModels.Unscaled(network, TaskKind.Binary);
        var (_, text) = Pictures.ParseSvg(HeatmapChart.Draw(model, 0, annotate: true).Figure.Svg());
        Assert.Contains("0.77", text);
        Assert.Contains("-0.42", text);
        Assert.True(
            CountOf(text, "0.01") >= inputs * units - 2,
            $"{CountOf(text, "0.01")} cells annotated"
        );
    }

    private static int CountOf(string text, string value)
    {
        int count = 0;
        for (int at = text.IndexOf(value); at >= 0; at = text.IndexOf(value, at + 1))
        {
            count++;
        }
        return count;
    }
}
