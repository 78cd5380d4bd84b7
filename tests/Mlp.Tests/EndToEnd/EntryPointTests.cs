namespace Mlp.Tests.EndToEnd;

/// <summary>The ways in: no arguments, `help`, `help COMMAND`, a misspelt option, and one style of note on stderr.</summary>
public class EntryPointTests
{
    [Fact]
    public void No_arguments_and_help_print_the_help_as_help_does()
    {
        var help = CliRunner.Run("--help");
        foreach (string[] arguments in new[] { Array.Empty<string>(), ["help"] })
        {
            var run = CliRunner.Run(arguments);
            Assert.Equal(0, run.ExitCode);
            Assert.Equal("", run.Stderr);
            Assert.Equal(help.Stdout, run.Stdout);
        }
        foreach (var (name, _) in Mlp.Cli.CommandLine.Commands)
        {
            var run = CliRunner.Run("help", name);
            Assert.Equal(0, run.ExitCode);
            Assert.Equal(CliRunner.Run(name, "--help").Stdout, run.Stdout);
        }
        var unknown = CliRunner.Run("help", "trian");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("did you mean 'mlp train'?", unknown.Stderr);
    }

    [Theory]
    [InlineData("train", "--activaton", "--activation")]
    [InlineData("train", "--epoch", "--epochs")]
    [InlineData("predict", "--kep", "--keep")]
    [InlineData("importance", "--methd", "--method")]
    public void A_misspelt_option_gets_the_nearest_of_its_commands_options(
        string command,
        string typed,
        string meant
    )
    {
        using var folder = new TempFolder();
        string data = folder.Write("d.csv", "a,y\n1,0\n2,1\n");
        string[] arguments =
            command == "train" ? [command, data, typed, "1"] : [command, "m.mlp", data, typed, "1"];
        var run = CliRunner.Run(arguments);
        Assert.Equal(2, run.ExitCode);
        var lines = run.Stderr.TrimEnd('\n').Split('\n');
        Assert.Equal($"mlp: error: unrecognized option '{typed}'", lines[0]);
        Assert.StartsWith($"hint: did you mean '{meant}'?", lines[1]);
    }

    [Fact]
    public void Every_note_on_stderr_starts_with_mlp_note()
    {
        using var folder = new TempFolder();
        string data = TestData.Iris;
        string model = folder.File("m.mlp");
        Assert.Equal(0, CliRunner.Run("train", data, "-o", model, "--epochs", "3").ExitCode);
        string[][] runs =
        [
            ["report", model, data, "-o", folder.File("r.html")],
            ["pdp", model, data, "--features", "sepal_length_cm"],
            ["interactions", model, data],
        ];
        foreach (var arguments in runs)
        {
            var run = CliRunner.Run(arguments);
            Assert.True(run.ExitCode == 0, run.Stderr);
            foreach (string line in run.Stderr.Split('\n').Where(l => l.Contains("note:")))
            {
                Assert.StartsWith("mlp: note: ", line);
            }
        }
    }

    [Theory]
    [InlineData("regression", "mean squared error (standardized)")]
    [InlineData("binary", "binary cross-entropy")]
    public void The_summary_says_what_its_loss_measures_beside_metrics_in_the_targets_units(
        string task,
        string loss
    )
    {
        using var folder = new TempFolder();
        string data = folder.Write(
            "d.csv",
            task == "regression" ? Generated.Regression(60, 2) : Generated.BinaryWithText(60, 2)
        );
        var text = CliRunner.Run("train", data, "-o", folder.File("m.mlp"), "--epochs", "2");
        Assert.Contains($"\nloss      {loss}", text.Stdout);
        var json = System.Text.Json.JsonDocument.Parse(
            CliRunner
                .Run("train", data, "-o", folder.File("m.mlp"), "--epochs", "2", "--json")
                .Stdout
        );
        Assert.Equal(loss, json.RootElement.GetProperty("loss").GetString());
    }
}
