using Mlp.Cli.Model;
using Mlp.Cli.Plot;
using Mlp.Kernels;
using Mlp.Tests.Model;

namespace Mlp.Tests.Plot;

/// <summary>The picture primitives and charts, checked by decoding what they write.</summary>
public class PlotTests
{
    private static MlpModel Model(Network<float> network, TaskKind task, int inputs)
    {
        Assert.Equal(inputs, network.InputCount);
        return TestModels.Unscaled(network, task);
    }

    [Fact]
    public void Png_decodes_with_valid_chunk_checksums_to_the_canvas_pixels()
    {
        var canvas = new Canvas(37, 23, Rgba.White);
        canvas.FillRectangle(3, 4, 20, 15, new Rgba(200, 10, 30));
        canvas.Line(0, 22, 36, 0, new Rgba(0, 90, 200), 2.5);
        canvas.Circle(28, 16, 5.5, new Rgba(40, 160, 60), Rgba.Black);
        var image = PngReader.Decode(Png.Encode(canvas));
        Assert.Equal((37, 23), (image.Width, image.Height));
        for (int y = 0; y < 23; y++)
        {
            for (int x = 0; x < 37; x++)
            {
                var expected = canvas[x, y];
                Assert.Equal((expected.R, expected.G, expected.B), image.At(x, y));
            }
        }
        Assert.Equal((200, 10, 30), image.At(10, 10));
    }

    /// <summary>
    /// Weights [out][in] = [[1, −1], [0, 0.5]]: the cell of input i and unit j shows W[j][i] on a
    /// scale symmetric around 0 with limit 1. The diverging map's stops (ColorBrewer RdBu): +1 is
    /// (103, 0, 31), −1 is (5, 48, 97), 0 is (247, 247, 247); 0.5 lies halfway between the stops
    /// (244, 165, 130) and (214, 96, 77), so (229, 130.5, 103.5).
    /// </summary>
    [Fact]
    public void Heatmap_cells_show_the_colour_map_at_their_centres()
    {
        var network = Network<float>.Create(2, [2], 1, Activation.Tanh);
        float[] weights = [1, -1, 0, 0.5f];
        weights.CopyTo(network.Weights(0));
        var chart = HeatmapChart.Draw(Model(network, TaskKind.Binary, 2), 0, annotate: false);
        var image = PngReader.Decode(Png.Encode(chart.Canvas));
        Assert.True(image.Width >= 400 && image.Height >= 300);
        void Expect(int row, int column, double r, double g, double b)
        {
            var (x, y) = chart.CellCenter(row, column);
            var pixel = image.At(x, y);
            Assert.True(
                Math.Abs(pixel.R - r) <= 1
                    && Math.Abs(pixel.G - g) <= 1
                    && Math.Abs(pixel.B - b) <= 1,
                $"cell ({row}, {column}) is {pixel}, expected ({r}, {g}, {b})"
            );
        }
        Expect(0, 0, 103, 0, 31); // input 1, unit 1: w = 1
        Expect(1, 0, 5, 48, 97); // input 2, unit 1: w = −1
        Expect(0, 1, 247, 247, 247); // input 1, unit 2: w = 0
        Expect(1, 1, 229, 130.5, 103.5); // input 2, unit 2: w = 0.5
    }

    [Fact]
    public void Boundary_of_a_model_that_predicts_class_1_for_positive_x_is_split_at_x_0()
    {
        var network = Network<float>.Create(2, [], 1, Activation.Identity);
        float[] weights = [10, 0];
        weights.CopyTo(network.Weights(0));
        var model = Model(network, TaskKind.Binary, 2);
        var data = new PlotData([-1, -1, 1, 1, -1, 1, 1, -1], [0, 1, 0, 1]);
        var canvas = BoundaryChart.Draw(model, data, 0, 1, 200);
        var axes = BoundaryChart.PanelAxes(
            canvas,
            0,
            BoundaryChart.Range(data, 0, 2),
            BoundaryChart.Range(data, 1, 2)
        );
        var image = PngReader.Decode(Png.Encode(canvas));
        int row = (int)axes.PixelY(0);
        int zero = (int)Math.Round(axes.PixelX(0));
        bool IsClass1(int x)
        {
            var (r, _, b) = image.At(x, row);
            return r > b; // class 0 is drawn blue, class 1 orange
        }
        for (int x = (int)axes.Left + 2; x < zero - 3; x++)
        {
            Assert.False(
                IsClass1(x),
                $"pixel {x} (x = {axes.ValueX(x + 0.5):0.###}) should be class 0"
            );
        }
        for (int x = zero + 3; x < (int)axes.Right - 2; x++)
        {
            Assert.True(
                IsClass1(x),
                $"pixel {x} (x = {axes.ValueX(x + 0.5):0.###}) should be class 1"
            );
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Text_renders_inside_its_box(bool rotated)
    {
        var canvas = new Canvas(200, 200, Rgba.White);
        const string text = "Loss (y) 0.5";
        var (width, height) = Text.Measure(text, 2);
        Text.Draw(canvas, text, 100, 100, 2, Rgba.Black, Align.Center, Align.Center, rotated);
        // The box, centred on (100, 100); rotated text runs upwards, so the box turns with it.
        var (boxWidth, boxHeight) = rotated ? (height, width) : (width, height);
        double left = 100 - boxWidth / 2.0,
            top = 100 - boxHeight / 2.0;
        int inked = 0;
        for (int y = 0; y < 200; y++)
        {
            for (int x = 0; x < 200; x++)
            {
                if (canvas[x, y] == Rgba.White)
                {
                    continue;
                }
                inked++;
                Assert.True(
                    x >= Math.Floor(left)
                        && x < Math.Ceiling(left + boxWidth)
                        && y >= Math.Floor(top)
                        && y < Math.Ceiling(top + boxHeight),
                    $"ink at ({x}, {y}) outside the box"
                );
            }
        }
        Assert.True(inked > 100);
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
    public void Gif_has_one_frame_per_added_canvas_and_decodes_to_its_palette()
    {
        Rgba[] palette = [Rgba.White, Rgba.Black, new(200, 0, 0)];
        var gif = new GifWriter(20, 10, palette);
        for (int frame = 0; frame < 4; frame++)
        {
            var canvas = new Canvas(20, 10, Rgba.White);
            canvas.FillRectangle(frame * 4, 0, frame * 4 + 4, 10, new Rgba(190, 10, 5));
            gif.Add(canvas, 10);
        }
        var frames = GifReader.Frames(gif.ToArray(), out int width, out int height);
        Assert.Equal((20, 10), (width, height));
        Assert.Equal(4, frames.Count);
        Assert.Equal(2, frames[2][5 * 20 + 9]); // the red bar of frame 3, nearest palette colour
        Assert.Equal(0, frames[2][5 * 20 + 1]);
    }
}
