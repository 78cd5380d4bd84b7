using Mlp.Cli.Plot;
using Mlp.Kernels;
using Mlp.Model;
using Mlp.Tests.Model;
using SkiaSharp;

namespace Mlp.Tests.Plot;

/// <summary>The charts and the GIF encoder, checked by decoding what they write.</summary>
public class PlotTests
{
    private static MlpModel Model(Network<float> network, TaskKind task, int inputs)
    {
        Assert.Equal(inputs, network.InputCount);
        return TestModels.Unscaled(network, task);
    }

    /// <summary>
    /// Weights [out][in] = [[1, −1, 0], [0, 0.5, 1], [−1, 0, 0.5]]: the cell of input i and unit
    /// j shows W[j][i] on a scale symmetric around 0 with limit 1. The diverging map's stops
    /// (ColorBrewer RdBu): +1 is (103, 0, 31), −1 is (5, 48, 97), 0 is (247, 247, 247); 0.5 lies
    /// halfway between the stops (244, 165, 130) and (214, 96, 77), so (229, 130.5, 103.5). Each
    /// cell is checked at its centre and near its four corners, so a cell drawn shifted or
    /// resized (the outer cells at half width) fails.
    /// </summary>
    [Fact]
    public void Heatmap_cells_show_the_colour_map_over_their_whole_cell()
    {
        var network = Network<float>.Create(3, [3], 1, Activation.Tanh);
        float[] weights = [1, -1, 0, 0, 0.5f, 1, -1, 0, 0.5f];
        weights.CopyTo(network.Weights(0));
        var chart = HeatmapChart.Draw(Model(network, TaskKind.Binary, 3), 0, annotate: false);
        using var image = Pictures.DecodePng(chart.Figure.Png());
        Assert.True(image.Width >= 400 && image.Height >= 300);
        var (x0, y0) = chart.CellCenter(0, 0)!.Value;
        var (x1, y1) = chart.CellCenter(1, 1)!.Value;
        int reachX = (int)(Math.Abs(x1 - x0) * 0.4),
            reachY = (int)(Math.Abs(y1 - y0) * 0.4);
        void Expect(int input, int unit, double r, double g, double b)
        {
            var (x, y) = chart.CellCenter(input, unit)!.Value;
            foreach (var (dx, dy) in new[] { (0, 0), (-1, -1), (-1, 1), (1, -1), (1, 1) })
            {
                var (px, py) = (x + dx * reachX, y + dy * reachY);
                Pictures.AssertColor(
                    image.GetPixel(px, py),
                    r,
                    g,
                    b,
                    2,
                    $"cell ({input}, {unit}) at ({px}, {py})"
                );
            }
        }
        (double R, double G, double B) plus = (103, 0, 31),
            minus = (5, 48, 97),
            zero = (247, 247, 247),
            half = (229, 130.5, 103.5);
        var expected = new[,]
        {
            { plus, zero, minus },
            { minus, half, zero },
            { zero, plus, half },
        };
        for (int input = 0; input < 3; input++)
        {
            for (int unit = 0; unit < 3; unit++)
            {
                var (r, g, b) = expected[input, unit];
                Expect(input, unit, r, g, b);
            }
        }
    }

    [Fact]
    public void A_heatmap_of_two_thousand_inputs_shows_the_largest_sixty_and_says_so()
    {
        var network = Network<float>.Create(2000, [12], 1, Activation.Relu);
        network.Initialize(new Mlp.Rng(1), Initialization.He);
        var strong = network.Weights(0);
        for (int unit = 0; unit < 12; unit++)
        {
            strong[unit * 2000 + 1234] = 5; // input 1234 has the largest weights
        }
        var chart = HeatmapChart.Draw(Model(network, TaskKind.Binary, 2000), 0, annotate: false);
        Assert.True(chart.Figure.Height <= 2500, $"height {chart.Figure.Height}");
        Assert.NotNull(chart.CellCenter(1234, 0));
        var (_, text) = Pictures.ParseSvg(chart.Figure.Svg());
        Assert.Contains("showing 60 of 2,000 inputs", text);
        Assert.Contains("x1235", text);
    }

    [Fact]
    public void Boundary_of_a_model_that_predicts_class_1_for_positive_x_is_split_at_x_0()
    {
        var network = Network<float>.Create(2, [], 1, Activation.Identity);
        float[] weights = [10, 0];
        weights.CopyTo(network.Weights(0));
        var model = Model(network, TaskKind.Binary, 2);
        var data = new PlotData([-1, -1, 1, 1, -1, 1, 1, -1], [0, 1, 0, 1]);
        var x = BoundaryChart.Range(data, 0, 2);
        var y = BoundaryChart.Range(data, 1, 2);
        var grid = new DecisionGrid(model, 0, 1, x, y, 200);
        grid.Evaluate();
        var panel = BoundaryChart.Panel(
            model,
            grid.Outputs,
            200,
            x,
            y,
            BoundaryChart.Column(data, 0, 2),
            BoundaryChart.Column(data, 1, 2),
            data.Targets,
            BoundaryChart.Colors(model, data, grid),
            "a",
            "b",
            "regions"
        );
        using var image = Pictures.DecodePng(Figure.Of(panel, 500, 460).Png());
        bool IsClass1(double atX)
        {
            var pixel = panel.GetPixel(new ScottPlot.Coordinates(atX, 0.3));
            var color = image.GetPixel((int)pixel.X, (int)pixel.Y);
            return color.Red > color.Blue; // class 0 is drawn blue, class 1 orange
        }
        for (double at = x.Min + 0.02; at < -0.03; at += 0.01)
        {
            Assert.False(IsClass1(at), $"x = {at:0.###} should be class 0");
        }
        for (double at = 0.03; at < x.Max - 0.02; at += 0.01)
        {
            Assert.True(IsClass1(at), $"x = {at:0.###} should be class 1");
        }
    }

    [Fact]
    public void Lzw_round_trips_through_a_decoder_written_from_the_specification()
    {
        var random = new Random(3);
        // Random bytes outgrow the 4,096-code table (clear codes); runs compress into long codes.
        var noisy = Enumerable.Range(0, 30_000).Select(_ => (byte)random.Next(256)).ToArray();
        var runs = Enumerable.Range(0, 30_000).Select(i => (byte)(i / 700 % 5)).ToArray();
        foreach (var data in new[] { noisy, runs, [], new byte[] { 7 } })
        {
            Assert.Equal(data, GifReader.Decode(Lzw.Compress(data, 8), 8));
        }
    }

    [Fact]
    public void Gif_has_one_frame_per_added_picture_and_decodes_to_its_palette()
    {
        Rgba[] palette = [Rgba.White, Rgba.Black, new(200, 0, 0)];
        var gif = new GifWriter(20, 10, palette);
        for (int frame = 0; frame < 4; frame++)
        {
            using var bitmap = new SKBitmap(20, 10, SKColorType.Rgba8888, SKAlphaType.Premul);
            using (var canvas = new SKCanvas(bitmap))
            {
                canvas.Clear(SKColors.White);
                using var red = new SKPaint { Color = new SKColor(190, 10, 5) };
                canvas.DrawRect(frame * 4, 0, 4, 10, red);
            }
            gif.Add(bitmap, 10);
        }
        var bytes = gif.ToArray();
        var frames = Pictures.DecodeGif(bytes);
        Assert.Equal(4, frames.Count);
        Assert.Equal((20, 10), (frames[2].Width, frames[2].Height));
        Pictures.AssertColor(frames[2].GetPixel(9, 5), 200, 0, 0, 0, "the red bar of frame 3");
        Pictures.AssertColor(frames[2].GetPixel(1, 5), 255, 255, 255, 0, "frame 3's background");
        // The same frames through the decoder written from the specification.
        var indices = GifReader.Frames(bytes, out int width, out int height);
        Assert.Equal((4, 20, 10), (indices.Count, width, height));
        Assert.Equal(2, indices[2][5 * 20 + 9]);
    }
}
