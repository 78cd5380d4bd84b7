using System.CommandLine;
using System.Text;
using System.Text.Json;
using Mlp.Cli;
using Mlp.Cli.Commands;

namespace Mlp.Tests.EndToEnd;

/// <summary>How the tool behaves in shells and pipelines: help, exit codes, which stream gets what, JSON.</summary>
public class ShellBehaviourTests
{
    /// <summary>The commands of the contract.</summary>
    private static readonly string[] CommandNames =
    [
        "train",
        "predict",
        "merge",
        "eval",
        "weights",
        "info",
        "export",
        "report",
        "importance",
        "pdp",
        "interactions",
        "sweep",
        "heatmap",
        "boundary",
        "network",
        "gradcheck",
        "demo",
    ];

    [Fact]
    public void Help_lists_every_command_and_each_command_lists_every_option_and_an_example()
    {
        var root = CliRunner.Run("--help");
        Assert.Equal(0, root.ExitCode);
        Assert.Equal("", root.Stderr);
        foreach (string name in CommandNames)
        {
            Assert.Contains($"  {name}", root.Stdout);
        }
        var context = new CliContext
        {
            StandardOutput = Stream.Null,
            Out = TextWriter.Null,
            Error = TextWriter.Null,
        };
        Command[] commands = [.. CommandLine.Commands.Select(c => c.Create(context))];
        Assert.Equal(CommandNames, commands.Select(c => c.Name));
        foreach (var command in commands)
        {
            var help = CliRunner.Run(command.Name, "--help");
            Assert.Equal(0, help.ExitCode);
            foreach (var option in command.Options)
            {
                Assert.Contains(option.Name, help.Stdout);
            }
            Assert.Contains("Examples:", help.Stdout);
            Assert.Contains($"mlp {command.Name}", help.Stdout);
        }
    }

    [Fact]
    public void An_unknown_option_is_a_usage_error_of_at_most_three_lines_on_stderr()
    {
        var result = CliRunner.Run("predict", "m.mlp", "--frobnicate");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.InRange(result.Stderr.TrimEnd().Split('\n').Length, 1, 3);
    }

    [Fact]
    public void Results_go_to_stdout_as_parseable_json_and_nothing_goes_to_stderr_when_redirected()
    {
        using var folder = new TempFolder();
        string data = folder.Write("influence.csv", Generated.Influence(400, 2));
        string model = folder.File("m.mlp");
        var train = CliRunner.Run(
            "train",
            data,
            "-o",
            model,
            "--hidden",
            "8",
            "--epochs",
            "5",
            "--json"
        );
        Assert.Equal(0, train.ExitCode);
        Assert.Equal("", train.Stderr); // progress is shown only on a terminal
        using (var summary = JsonDocument.Parse(train.Stdout))
        {
            foreach (
                var field in new[]
                {
                    "task",
                    "rows",
                    "features",
                    "epochs_run",
                    "steps",
                    "train_seconds",
                    "load_seconds",
                    "final_loss",
                    "val_loss",
                    "metrics",
                    "model",
                }
            )
            {
                Assert.True(summary.RootElement.TryGetProperty(field, out _), field);
            }
        }
        foreach (
            var args in new[]
            {
                new[] { "eval", model, data, "--json" },
                ["gradcheck", model, data, "--json"],
                ["importance", model, data, "--format", "json", "--repeats", "2"],
                ["importance", model, data, "--json", "--method", "gradient"],
                ["weights", model],
            }
        )
        {
            var result = CliRunner.Run(args);
            Assert.True(result.ExitCode == 0, result.Stderr);
            Assert.Equal("", result.Stderr);
            JsonDocument.Parse(result.Stdout).Dispose();
        }
        var predict = CliRunner.Run("predict", model, data);
        Assert.Equal(0, predict.ExitCode);
        Assert.Equal("", predict.Stderr);
        Assert.StartsWith("p_1,label\n", predict.Stdout);
        Assert.Equal(401, predict.Stdout.TrimEnd().Split('\n').Length);
        Assert.DoesNotContain("\u001b[", train.Stdout + predict.Stdout);
    }

    /// <summary>A reader that went away after the first bytes, as `| head -2` does.</summary>
    private sealed class ClosedPipe : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count)
        {
            if (Length > 64)
            {
                throw new IOException("Broken pipe", 32);
            }
            base.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer) =>
            Write(buffer.ToArray(), 0, buffer.Length);
    }

    [Fact]
    public void Writing_into_a_closed_pipe_ends_quietly_with_exit_0()
    {
        using var folder = new TempFolder();
        string data = folder.Write("influence.csv", Generated.Influence(3000, 3));
        string model = folder.File("m.mlp");
        Assert.Equal(
            0,
            CliRunner.Run("train", data, "-o", model, "--hidden", "4", "--epochs", "1").ExitCode
        );
        var stdout = new ClosedPipe();
        var error = new StringWriter();
        var context = new CliContext
        {
            StandardOutput = stdout,
            Out = new StreamWriter(stdout, new UTF8Encoding(false), 256),
            Error = error,
            StandardInput = new MemoryStream(File.ReadAllBytes(data)),
        };
        int code = CommandLine.Run(["predict", model, "-"], context);
        Assert.Equal(0, code);
        Assert.Equal("", error.ToString());
    }

    [Fact]
    public void Interrupting_training_exits_130_and_leaves_the_old_model_and_no_temporary_files()
    {
        using var folder = new TempFolder();
        string data = folder.Write("influence.csv", Generated.Influence(3000, 4));
        string model = folder.Write("m.mlp", "previous model bytes");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var context = new CliContext
        {
            StandardOutput = new MemoryStream(),
            Out = new StringWriter(),
            Error = new StringWriter(),
            Cancel = cancel.Token,
        };
        int code = CommandLine.Run(
            [
                "train",
                data,
                "-o",
                model,
                "--epochs",
                "100000",
                "--plot-loss",
                folder.File("loss.png"),
            ],
            context
        );
        Assert.Equal(130, code);
        Assert.Equal("previous model bytes", File.ReadAllText(model));
        Assert.Equal(
            ["influence.csv", "m.mlp"],
            Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order()
        );
    }
}
