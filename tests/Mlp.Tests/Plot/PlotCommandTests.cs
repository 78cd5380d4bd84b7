using System.Globalization;
using System.Text;

namespace Mlp.Tests.Plot;

/// <summary>Every picture command through the command tree: files written, decodable, big enough, not blank.</summary>
public class PlotCommandTests
{
    /// <summary>Two interleaved half circles with a little noise.</summary>
    private static string Moons(int rows, int seed)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("a,b,label\n");
        for (int r = 0; r < rows; r++)
        {
            int label = r % 2;
            double angle = random.NextDouble() * Math.PI;
            double a = label == 0 ? Math.Cos(angle) : 1 - Math.Cos(angle);
            double b = label == 0 ? Math.Sin(angle) : 0.5 - Math.Sin(angle);
            csv.Append(
                CultureInfo.InvariantCulture,
                $"{a + 0.1 * random.NextDouble():0.####},{b + 0.1 * random.NextDouble():0.####},{label}\n"
            );
        }
        return csv.ToString();
    }

    private static void AssertPicture(string path, int minWidth = 400, int minHeight = 300)
    {
        var image = PngReader.Decode(File.ReadAllBytes(path));
        Assert.True(
            image.Width >= minWidth && image.Height >= minHeight,
            $"{path}: {image.Width}×{image.Height}"
        );
        Assert.True(image.DistinctColors() > 20, $"{path} looks blank");
    }

    [Fact]
    public void Each_picture_command_writes_a_readable_png()
    {
        using var folder = new TempFolder();
        string data = folder.Write("moons.csv", Moons(300, 4));
        string model = folder.File("m.mlp");
        string loss = folder.File("loss.png");
        string gif = folder.File("train.gif");
        var train = CliRunner.Run(
            "train",
            data,
            "-o",
            model,
            "--hidden",
            "2",
            "--activation",
            "tanh",
            "--epochs",
            "7",
            "--lr",
            "0.05",
            "--validation",
            "0.2",
            "--plot-loss",
            loss,
            "--animate",
            gif,
            "--frame-every",
            "2",
            "--quiet"
        );
        Assert.Equal(0, train.ExitCode);
        AssertPicture(loss);
        // Epoch 1, every second epoch (2, 4, 6) and the final state.
        var frames = GifReader.Frames(File.ReadAllBytes(gif), out int width, out int height);
        Assert.Equal(5, frames.Count);
        Assert.True(width >= 400 && height >= 300);
        Assert.All(frames, f => Assert.Equal(width * height, f.Length));

        foreach (
            var (args, file) in new (string[] Args, string File)[]
            {
                (["heatmap", model, "-o", folder.File("heat.png"), "--annotate"], "heat.png"),
                (
                    ["boundary", model, data, "-o", folder.File("boundary.png"), "--grid", "80"],
                    "boundary.png"
                ),
                (["network", model, "-o", folder.File("net.png")], "net.png"),
                (
                    [
                        "importance",
                        model,
                        data,
                        "--method",
                        "all",
                        "--repeats",
                        "2",
                        "--plot",
                        folder.File("importance.png"),
                    ],
                    "importance.png"
                ),
            }
        )
        {
            var result = CliRunner.Run(args);
            Assert.True(result.ExitCode == 0, result.Stderr);
            AssertPicture(folder.File(file));
        }
        // A two-unit hidden layer adds its two views beside the input panel.
        Assert.True(PngReader.Decode(File.ReadAllBytes(folder.File("boundary.png"))).Width >= 1500);
    }

    [Fact]
    public void A_picture_name_without_its_format_is_a_usage_error_and_nothing_is_written()
    {
        using var folder = new TempFolder();
        string data = folder.Write("moons.csv", Moons(40, 5));
        var result = CliRunner.Run(
            "train",
            data,
            "-o",
            folder.File("m.mlp"),
            "--plot-loss",
            folder.File("loss.jpg")
        );
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--plot-loss", result.Stderr);
        Assert.False(File.Exists(folder.File("m.mlp")));
        Assert.False(File.Exists(folder.File("loss.jpg")));
    }
}
