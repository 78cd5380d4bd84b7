using System.Globalization;
using System.Text;

namespace Mlp.Tests.EndToEnd;

/// <summary>
/// A target is judged on its numbers as written (double), while predictions come out in float32:
/// a target whose spread float32 cannot resolve at its size is refused with what to do, never
/// taken for one class or predicted in steps of 64.
/// </summary>
public class TargetPrecisionTests
{
    private static string Data(double offset, double scale, bool integers = false)
    {
        var random = new Random(3);
        var csv = new StringBuilder("a,b,y\n");
        for (int r = 0; r < 200; r++)
        {
            double a = random.NextDouble() * 2 - 1,
                b = random.NextDouble() * 2 - 1;
            double y = integers ? 1.0 + (a > 0 ? 1 : 0) + (b > 0 ? 1 : 0) : 3 * a - 2 * b;
            csv.Append(
                string.Create(CultureInfo.InvariantCulture, $"{a:R},{b:R},{offset + scale * y:R}\n")
            );
        }
        return csv.ToString();
    }

    [Theory]
    [InlineData(1e9, 1)]
    [InlineData(-5e12, 100)]
    [InlineData(1e-3, 1e-12)]
    public void A_target_float32_cannot_resolve_is_refused_with_a_hint(double offset, double scale)
    {
        using var folder = new TempFolder();
        string data = folder.Write("offset.csv", Data(offset, scale));
        var result = CliRunner.Run("train", data, "-o", folder.File("m.mlp"), "--epochs", "1");
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("mlp: error: the target varies too little for its size", result.Stderr);
        Assert.Contains("column \"y\"", result.Stderr);
        Assert.Contains("hint: subtract an offset first", result.Stderr);
    }

    [Fact]
    public void Integer_classes_float32_cannot_tell_apart_are_refused()
    {
        using var folder = new TempFolder();
        string data = folder.Write("classes.csv", Data(1e9, 1, integers: true));
        var result = CliRunner.Run("train", data, "-o", folder.File("m.mlp"), "--epochs", "1");
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("mlp: error: the target's 3 classes are 1 in float32", result.Stderr);
    }

    [Fact]
    public void An_offset_float32_resolves_trains_and_predicts_in_the_targets_units()
    {
        using var folder = new TempFolder();
        string data = folder.Write("offset.csv", Data(5000, 1));
        string model = folder.File("m.mlp");
        Assert.Equal(0, CliRunner.Run("train", data, "-o", model, "--epochs", "60").ExitCode);
        var eval = CliRunner.Run("eval", model, data, "--json");
        double r2 = System
            .Text.Json.JsonDocument.Parse(eval.Stdout)
            .RootElement.GetProperty("metrics")
            .GetProperty("r2")
            .GetDouble();
        Assert.True(r2 > 0.99, $"r2 {r2}");
    }
}
