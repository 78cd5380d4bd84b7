namespace Mlp.Tests.EndToEnd;

/// <summary>Long explanations draw a progress bar per stage on a terminal's stderr, and nothing when it is redirected.</summary>
public class ProgressTests
{
    [Theory]
    [InlineData("importance", "--method", "permutation", "permutation")]
    [InlineData("importance", "--method", "all", "lime")]
    [InlineData("pdp", "--features", "x1", "partial dependence")]
    [InlineData("interactions", "--method", "h-statistic", "H-statistic")]
    public void A_terminal_gets_the_stage_and_its_bar_a_redirected_stderr_nothing(
        string command,
        string option,
        string value,
        string stage
    )
    {
        using var folder = new TempFolder();
        string data = folder.Write("d.csv", Generated.BinaryWithText(120, 2));
        string model = folder.File("m.mlp");
        Assert.Equal(0, CliRunner.Run("train", data, "-o", model, "--epochs", "3").ExitCode);
        string[] args = [command, model, data, option, value, "--rows", "40"];

        var terminal = CliRunner.RunOnTerminal(args);
        Assert.Equal(0, terminal.ExitCode);
        Assert.Contains(stage, terminal.Stderr);
        Assert.Contains("100%", terminal.Stderr);

        var redirected = CliRunner.Run(args);
        Assert.Equal(0, redirected.ExitCode);
        Assert.DoesNotContain("%", redirected.Stderr);
        Assert.DoesNotContain("\u001b", redirected.Stderr);
        Assert.Equal(redirected.Stdout, terminal.Stdout);
    }

    [Fact]
    public void A_report_draws_a_bar_per_stage_on_a_terminal_and_none_when_quiet()
    {
        using var folder = new TempFolder();
        string data = folder.Write("d.csv", Generated.BinaryWithText(120, 2));
        string model = folder.File("m.mlp");
        Assert.Equal(0, CliRunner.Run("train", data, "-o", model, "--epochs", "3").ExitCode);
        string[] args = ["report", model, data, "-o", folder.File("r.html"), "--rows", "40"];

        var terminal = CliRunner.RunOnTerminal(args);
        Assert.Equal(0, terminal.ExitCode);
        foreach (string stage in new[] { "shap", "partial dependence", "H-statistic", "100%" })
        {
            Assert.Contains(stage, terminal.Stderr);
        }
        var quiet = CliRunner.RunOnTerminal([.. args, "--quiet"]);
        Assert.Equal(0, quiet.ExitCode);
        Assert.Equal("", quiet.Stderr);
        var redirected = CliRunner.Run(args);
        Assert.DoesNotContain("\u001b", redirected.Stderr);
        Assert.Equal($"mlp: wrote {folder.File("r.html")}\n", redirected.Stderr);
    }

    [Fact]
    public void Cross_validation_draws_a_bar_over_its_epochs_with_the_fold_lines_above_it()
    {
        using var folder = new TempFolder();
        string data = folder.Write("d.csv", Generated.BinaryWithText(90, 4));
        string[] args = ["train", data, "--cv", "3", "--epochs", "4"];
        var terminal = CliRunner.RunOnTerminal(args);
        Assert.Equal(0, terminal.ExitCode);
        Assert.Contains("training 3 models", terminal.Stderr);
        Assert.Contains("100%", terminal.Stderr);
        Assert.Contains("trained (3/3)", terminal.Stderr);
        var redirected = CliRunner.Run(args);
        Assert.DoesNotContain("\u001b", redirected.Stderr);
        Assert.Contains("trained (3/3)", redirected.Stderr);
        Assert.Equal(redirected.Stdout, terminal.Stdout);
    }
}
