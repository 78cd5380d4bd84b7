using System.Diagnostics;
using Mlp.Cli;

namespace Mlp.Tests.EndToEnd;

/// <summary>
/// No run loses a file: an output that is also an input (or another output) is refused before
/// any work; devices, FIFOs and links are written through; nothing is put in place unless
/// every output of the run could be written.
/// </summary>
public class OutputSafetyTests
{
    private static string Train(TempFolder folder, string model)
    {
        string data = folder.Write("data.csv", Generated.Xor());
        Assert.Equal(
            0,
            CliRunner.Run("train", data, "-o", model, "--hidden", "3", "--epochs", "2").ExitCode
        );
        return data;
    }

    private static void AssertRefused(CliRunner.Result result, string fragment)
    {
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("mlp: error: ", result.Stderr);
        Assert.Contains(fragment, result.Stderr);
    }

    public static TheoryData<string> OutputsNamingAnInput() =>
        new()
        {
            "train DATA -o DATA",
            "train DATA -o MODEL2 --history DATA",
            "train DATA -o MODEL2 --history MODEL2",
            "train DATA -o MODEL2 --plot-loss LINK.png",
            "weights MODEL -o MODEL",
            "heatmap MODEL -o MODEL",
            "boundary MODEL DATA -o DATA",
            "importance MODEL DATA --plot MODEL",
            "importance MODEL DATA --background BG --plot BG",
        };

    [Theory]
    [MemberData(nameof(OutputsNamingAnInput))]
    public void An_output_naming_an_input_or_another_output_is_refused_before_any_work(string line)
    {
        using var folder = new TempFolder();
        string model = folder.File("m.mlp");
        string data = Train(folder, model);
        string background = folder.Write("bg.png", "a,b\n0,1\n");
        // LINK.png is a link to the data: the same file under another name.
        File.CreateSymbolicLink(folder.File("link.png"), data);
        var dataBytes = File.ReadAllBytes(data);
        var modelBytes = File.ReadAllBytes(model);
        var args = line.Split(' ')
            .Select(a =>
                a switch
                {
                    "DATA" => data,
                    "MODEL" => model,
                    "MODEL2" => folder.File("m2.mlp"),
                    "LINK.png" => folder.File("link.png"),
                    "BG" => background,
                    _ => a,
                }
            )
            .ToArray();
        AssertRefused(CliRunner.Run(args), "'");
        Assert.Equal(dataBytes, File.ReadAllBytes(data));
        Assert.Equal(modelBytes, File.ReadAllBytes(model));
        Assert.False(File.Exists(folder.File("m2.mlp")));
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
    }

    [Fact]
    public void An_output_folder_that_cannot_be_written_stops_the_run_before_training_and_keeps_the_model()
    {
        using var folder = new TempFolder();
        string model = folder.File("ok.mlp");
        string data = Train(folder, model);
        var before = File.ReadAllBytes(model);
        foreach (string history in new[] { folder.File("missing/h.csv"), "/proc/h.csv" })
        {
            var result = CliRunner.Run(
                "train",
                data,
                "-o",
                model,
                "--epochs",
                "100000",
                "--history",
                history
            );
            AssertRefused(result, "--history");
            Assert.Equal(before, File.ReadAllBytes(model));
        }
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
    }

    [Fact]
    public void A_dash_writes_to_stdout_and_two_outputs_on_stdout_are_refused()
    {
        using var folder = new TempFolder();
        string data = folder.Write("data.csv", Generated.Xor());
        var result = CliRunner.Run(
            "train",
            data,
            "-o",
            folder.File("m.mlp"),
            "--epochs",
            "3",
            "--history",
            "-"
        );
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("epoch,train_loss,val_loss,metric,seconds,lr\n", result.Stdout);
        Assert.Equal(4, result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.False(File.Exists(Path.Combine(Environment.CurrentDirectory, "-")));
        AssertRefused(CliRunner.Run("train", data, "-o", "-", "--json", "--epochs", "1"), "stdout");
        AssertRefused(
            CliRunner.Run("train", data, "-o", "-", "--history", "-", "--epochs", "1"),
            "stdout"
        );
    }

    [Fact]
    public void A_device_is_written_through_and_stays_a_device()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        using var folder = new TempFolder();
        string data = folder.Write("data.csv", Generated.Xor());
        var result = CliRunner.Run(
            "train",
            data,
            "-o",
            "/dev/null",
            "--history",
            "/dev/null",
            "--epochs",
            "2"
        );
        Assert.Equal(0, result.ExitCode);
        Assert.True(FilePaths.IsSpecial("/dev/null"));
        Assert.Empty(Directory.GetFiles("/dev", ".null.*"));
    }

    [Fact]
    public async Task A_fifo_is_written_through_and_stays_a_fifo()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        using var folder = new TempFolder();
        string data = folder.Write("data.csv", Generated.Xor());
        string fifo = folder.File("history.fifo");
        Process.Start("mkfifo", fifo).WaitForExit();
        Assert.True(FilePaths.IsSpecial(fifo));
        var reader = Task.Run(() => File.ReadAllText(fifo));
        var result = CliRunner.Run(
            "train",
            data,
            "-o",
            folder.File("m.mlp"),
            "--history",
            fifo,
            "--epochs",
            "2"
        );
        Assert.Equal(0, result.ExitCode);
        string written = await reader.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.StartsWith("epoch,train_loss", written);
        Assert.True(FilePaths.IsSpecial(fifo));
    }

    [Fact]
    public void A_symbolic_link_keeps_pointing_at_its_target_which_gets_the_output()
    {
        using var folder = new TempFolder();
        string data = folder.Write("data.csv", Generated.Xor());
        Directory.CreateDirectory(folder.File("real"));
        string target = folder.Write("real/model.mlp", "old");
        string link = folder.File("model.mlp");
        File.CreateSymbolicLink(link, target);
        var result = CliRunner.Run("train", data, "-o", link, "--epochs", "2");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(target, new FileInfo(link).LinkTarget);
        Assert.NotEqual("old", File.ReadAllText(target));
        Assert.Equal(0, CliRunner.Run("weights", link).ExitCode);
    }

    [Fact]
    public void Interrupted_runs_put_no_output_in_place()
    {
        using var folder = new TempFolder();
        string data = folder.Write("influence.csv", Generated.Influence(2000, 4));
        string model = folder.Write("m.mlp", "previous model");
        string history = folder.Write("h.csv", "previous history");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var context = new CliContext
        {
            StandardOutput = new MemoryStream(),
            Out = new StringWriter(),
            Error = new StringWriter(),
            Cancel = cancel.Token,
        };
        int code = CommandLine.Run(
            ["train", data, "-o", model, "--history", history, "--epochs", "100000"],
            context
        );
        Assert.Equal(130, code);
        Assert.Equal("previous model", File.ReadAllText(model));
        Assert.Equal("previous history", File.ReadAllText(history));
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
    }
}
