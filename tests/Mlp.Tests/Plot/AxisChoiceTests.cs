using System.Globalization;
using System.Text;

namespace Mlp.Tests.Plot;

/// <summary>
/// Pictures of two features pick the two that matter: boundary and sweep --plot, given no
/// features, put the two numeric features most important by permutation on the axes, not the
/// first two columns.
/// </summary>
public sealed class AxisChoiceTests
{
    /// <summary>Four numeric columns; the class depends on the last two only (noise first).</summary>
    private static string Data()
    {
        var random = new Random(8);
        var text = new StringBuilder("noise_a,noise_b,signal_c,signal_d,y\n");
        for (int i = 0; i < 300; i++)
        {
            double a = random.NextDouble(),
                b = random.NextDouble(),
                c = random.NextDouble() * 2 - 1,
                d = random.NextDouble() * 2 - 1;
            text.Append(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{a:0.###},{b:0.###},{c:0.###},{d:0.###},{(c + d > 0 ? 1 : 0)}\n"
                )
            );
        }
        return text.ToString();
    }

    private static string AxisText(string svg) => Pictures.ParseSvg(File.ReadAllBytes(svg)).Text;

    [Fact]
    public void Boundary_and_sweep_put_the_two_most_important_features_on_the_axes()
    {
        using var folder = new TempFolder();
        string data = folder.Write("d.csv", Data());
        string model = folder.File("m.mlp");
        Assert.Equal(
            0,
            CliRunner.Run("train", data, "-o", model, "--epochs", "30", "--hidden", "16").ExitCode
        );
        string boundary = folder.File("b.svg");
        Assert.Equal(0, CliRunner.Run("boundary", model, data, "-o", boundary).ExitCode);
        string sweep = folder.File("s.svg");
        var swept = CliRunner.Run(
            "sweep",
            data,
            "--lr",
            "0.01,0.003",
            "--epochs",
            "20",
            "--hidden",
            "16",
            "--plot",
            sweep
        );
        Assert.True(swept.ExitCode == 0, swept.Stderr);
        foreach (string picture in new[] { boundary, sweep })
        {
            string text = AxisText(picture);
            Assert.Contains("signal_c", text);
            Assert.Contains("signal_d", text);
            Assert.DoesNotContain("noise_a", text);
            Assert.DoesNotContain("noise_b", text);
        }
        string named = folder.File("n.svg");
        Assert.Equal(
            0,
            CliRunner
                .Run("boundary", model, data, "-o", named, "--features", "noise_a,noise_b")
                .ExitCode
        );
        Assert.Contains("noise_a", AxisText(named));
    }
}

/// <summary>A feature of few values is drawn as points at its values; a continuous one as a line.</summary>
public sealed class FewValuedDependenceTests
{
    [Fact]
    public void A_zero_one_feature_is_drawn_as_points_at_0_and_1_and_a_continuous_one_as_a_line()
    {
        using var folder = new TempFolder();
        var random = new Random(3);
        var text = new StringBuilder("flag,x,y\n");
        for (int i = 0; i < 200; i++)
        {
            int flag = random.Next(2);
            double x = random.NextDouble() * 4;
            text.Append(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{flag},{x:0.###},{2 * flag + x:0.###}\n"
                )
            );
        }
        string data = folder.Write("d.csv", text.ToString());
        string model = folder.File("m.mlp");
        Assert.Equal(0, CliRunner.Run("train", data, "-o", model, "--epochs", "5").ExitCode);
        int Ellipses(string feature)
        {
            string svg = folder.File(feature + ".svg");
            Assert.Equal(
                0,
                CliRunner.Run("pdp", model, data, "--features", feature, "--plot", svg).ExitCode
            );
            var (document, _) = Pictures.ParseSvg(File.ReadAllBytes(svg));
            return document.Descendants().Count(e => e.Name.LocalName is "ellipse" or "circle");
        }
        Assert.True(Ellipses("flag") >= 2, "the 0/1 feature's two values are points");
        Assert.Equal(0, Ellipses("x"));
    }
}
