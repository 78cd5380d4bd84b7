using Mlp.Cli;

namespace Mlp.Tests.Cli;

/// <summary>Progress as plain lines where stderr is not a terminal: what they say, and when they stop.</summary>
public sealed class WorkCounterTests
{
    [Fact]
    public void Plain_lines_give_the_stage_the_units_done_and_the_share()
    {
        var error = new StringWriter();
        var counter = new WorkCounter { Interval = TimeSpan.Zero };
        counter.AttachPlain(error);
        counter.Stage("shap", 10);
        counter.Advance();
        counter.Advance(3);
        counter.AttachPlain(null);
        counter.Advance();
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("mlp: progress: shap 1 of 10 (10 %), ", lines[0]);
        Assert.StartsWith("mlp: progress: shap 4 of 10 (40 %), ", lines[1]);
        Assert.EndsWith(" s", lines[1].TrimEnd());
    }

    [Fact]
    public void Work_shorter_than_the_interval_writes_nothing()
    {
        var error = new StringWriter();
        var counter = new WorkCounter();
        counter.AttachPlain(error);
        counter.Stage("permutation", 1000);
        for (int i = 0; i < 1000; i++)
        {
            counter.Advance();
        }
        Assert.Equal("", error.ToString());
    }

    [Fact]
    public void Progress_plain_announces_each_stage_none_writes_nothing_and_another_value_is_refused()
    {
        using var folder = new TempFolder();
        string model = folder.File("m.mlp");
        Assert.Equal(
            0,
            CliRunner.Run("train", TestData.Iris, "-o", model, "--epochs", "2").ExitCode
        );
        string[] importance =
        [
            "importance",
            model,
            TestData.Iris,
            "--method",
            "all",
            "--rows",
            "20",
        ];
        var plain = CliRunner.Run([.. importance, "--progress", "plain"]);
        Assert.Equal(0, plain.ExitCode);
        Assert.Contains("mlp: progress: permutation, ", plain.Stderr);
        Assert.Contains("mlp: progress: shap, 20 to do", plain.Stderr);
        var none = CliRunner.RunOnTerminal([.. importance, "--progress", "none"]);
        Assert.Equal(0, none.ExitCode);
        Assert.DoesNotContain("progress", none.Stderr);
        Assert.DoesNotContain("\u001b", none.Stderr);
        var wrong = CliRunner.Run([.. importance, "--progress", "bars"]);
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("--progress 'bars' is not one of: auto, plain, none", wrong.Stderr);
    }
}
