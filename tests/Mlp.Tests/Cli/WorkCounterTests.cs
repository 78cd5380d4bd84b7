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
}
