using System.Globalization;
using System.Text;
using Mlp.Cli.Plot;

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

    /// <summary>A PNG of at least this size that is not blank, and the same picture as SVG with its title as text.</summary>
    private static void AssertPicture(
        string path,
        string title,
        int minWidth = 400,
        int minHeight = 300
    )
    {
        using var image = Pictures.DecodePng(File.ReadAllBytes(path));
        Assert.True(
            image.Width >= minWidth && image.Height >= minHeight,
            $"{path}: {image.Width}×{image.Height}"
        );
        Assert.True(Pictures.DistinctColors(image) > 20, $"{path} looks blank");
        Assert.True(
            image.Width <= 6000 && image.Height <= 6000,
            $"{path}: {image.Width}×{image.Height}"
        );
        string svg = Path.ChangeExtension(path, ".svg");
        if (File.Exists(svg))
        {
            var (_, text) = Pictures.ParseSvg(File.ReadAllBytes(svg));
            Assert.Contains(title, text);
        }
    }

    [Fact]
    public void Each_picture_command_writes_a_readable_png_and_svg()
    {
        using var folder = new TempFolder();
        string data = folder.Write("moons.csv", Moons(300, 4));
        string model = folder.File("m.mlp");
        string gif = folder.File("train.gif");
        foreach (string loss in new[] { folder.File("loss.png"), folder.File("loss.svg") })
        {
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
        }
        AssertPicture(folder.File("loss.png"), "Loss per epoch");
        // Epoch 1, every second epoch (2, 4, 6) and the final state.
        var frames = Pictures.DecodeGif(File.ReadAllBytes(gif));
        Assert.Equal(5, frames.Count);
        Assert.All(frames, f => Assert.True(f.Width >= 400 && f.Height >= 300));

        foreach (string extension in new[] { ".png", ".svg" })
        {
            foreach (
                var args in new string[][]
                {
                    ["heatmap", model, "-o", folder.File("heat" + extension), "--annotate"],
                    [
                        "boundary",
                        model,
                        data,
                        "-o",
                        folder.File("boundary" + extension),
                        "--grid",
                        "80",
                    ],
                    ["network", model, "-o", folder.File("net" + extension)],
                    [
                        "importance",
                        model,
                        data,
                        "--method",
                        "all",
                        "--repeats",
                        "2",
                        "--plot",
                        folder.File("importance" + extension),
                    ],
                }
            )
            {
                var result = CliRunner.Run(args);
                Assert.True(result.ExitCode == 0, result.Stderr);
            }
        }
        AssertPicture(folder.File("heat.png"), "Layer 1 weights");
        AssertPicture(folder.File("boundary.png"), "Decision regions");
        AssertPicture(folder.File("net.png"), "Network 2-2-1");
        AssertPicture(folder.File("importance.png"), "Feature importance");
        // A two-unit hidden layer adds its two views beside the input panel.
        using var boundary = Pictures.DecodePng(File.ReadAllBytes(folder.File("boundary.png")));
        Assert.True(boundary.Width >= 1400, $"{boundary.Width}");
        var (_, boundaryText) = Pictures.ParseSvg(File.ReadAllBytes(folder.File("boundary.svg")));
        Assert.Contains("Hidden layer 1 after tanh", boundaryText);
    }

    /// <summary>A wide data set (features × rows of noise with a signal in the first two) written as CSV.</summary>
    private static string Wide(int features, int rows, int classes)
    {
        var random = new Random(features);
        var csv = new StringBuilder(
            string.Join(
                ',',
                Enumerable.Range(1, features).Select(i => $"feature_with_a_long_name_{i}")
            ) + ",y\n"
        );
        for (int r = 0; r < rows; r++)
        {
            var x = Enumerable.Range(0, features).Select(_ => random.NextDouble()).ToArray();
            csv.Append(
                string.Join(',', x.Select(v => v.ToString("0.###", CultureInfo.InvariantCulture)))
            );
            csv.Append(
                CultureInfo.InvariantCulture,
                $",{(int)((x[0] + x[1]) / 2 * classes) % classes}\n"
            );
        }
        return csv.ToString();
    }

    [Theory]
    [InlineData(13, 3)]
    [InlineData(64, 10)]
    [InlineData(2000, 2)]
    public void Pictures_of_wide_models_stay_legible_and_say_what_they_leave_out(
        int features,
        int classes
    )
    {
        using var folder = new TempFolder();
        string data = folder.Write("wide.csv", Wide(features, 120, classes));
        string model = folder.File("m.mlp");
        Assert.Equal(
            0,
            CliRunner
                .Run("train", data, "-o", model, "--hidden", "30,64", "--epochs", "2", "-q")
                .ExitCode
        );
        foreach (string extension in new[] { ".png", ".svg" })
        {
            Assert.Equal(
                0,
                CliRunner.Run("heatmap", model, "-o", folder.File("heat" + extension)).ExitCode
            );
            Assert.Equal(
                0,
                CliRunner
                    .Run("heatmap", model, "--layer", "2", "-o", folder.File("heat2" + extension))
                    .ExitCode
            );
            Assert.Equal(
                0,
                CliRunner.Run("network", model, "-o", folder.File("net" + extension)).ExitCode
            );
            Assert.Equal(
                0,
                CliRunner
                    .Run(
                        "boundary",
                        model,
                        data,
                        "-o",
                        folder.File("b" + extension),
                        "--grid",
                        "50"
                    )
                    .ExitCode
            );
        }
        AssertPicture(folder.File("heat.png"), "Layer 1 weights");
        AssertPicture(
            folder.File("heat2.png"),
            "Layer 2 weights: hidden layer 1 → 64 hidden units"
        );
        AssertPicture(folder.File("net.png"), "showing 24 of 64");
        AssertPicture(folder.File("b.png"), "the other inputs at their training mean");
        var (_, heat) = Pictures.ParseSvg(File.ReadAllBytes(folder.File("heat.svg")));
        if (features > HeatmapChart.MaxRows)
        {
            Assert.Contains($"showing 60 of {features:N0} inputs", heat);
        }
        else
        {
            // Every input row is labelled.
            Assert.All(
                Enumerable.Range(1, features),
                i => Assert.Contains($"feature_with_a_long_name_{i} ", heat + " ")
            );
        }
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
        Assert.Contains("PNG or SVG", result.Stderr);
        Assert.False(File.Exists(folder.File("m.mlp")));
        Assert.False(File.Exists(folder.File("loss.jpg")));
    }
}
