using System.Diagnostics;

namespace Mlp.Tests.EndToEnd;

/// <summary>
/// The tool as a shell runs it, a separate process whose stdout is a pipe: once the reader has
/// gone (`| head -2`), a command streaming an endless input (`yes … |`) ends quietly with exit 0.
/// </summary>
public class ClosedPipeProcessTests
{
    /// <summary>A data set of <paramref name="rows"/> rows in data.csv, and a model trained on it.</summary>
    private static (string Csv, string Model) Trained(TempFolder folder, int rows)
    {
        string csv = Generated.BinaryWithText(rows, 3);
        string data = folder.Write("data.csv", csv);
        string model = folder.File("m.mlp");
        Assert.Equal(
            0,
            CliRunner.Run("train", data, "-o", model, "--hidden", "4", "--epochs", "1").ExitCode
        );
        return (csv, model);
    }

    [Fact]
    public async Task Predict_from_an_endless_stdin_stops_once_its_reader_has_gone()
    {
        using var folder = new TempFolder();
        var (csv, model) = Trained(folder, 200);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mlp.dll"));
        foreach (string argument in new[] { "predict", model, "-" })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var lines = csv.Split('\n');
        var feeding = Task.Run(() =>
        {
            try
            {
                process.StandardInput.WriteLine(lines[0]);
                while (true) // as `yes`: the same row until the pipe closes
                {
                    process.StandardInput.WriteLine(lines[1]);
                }
            }
            catch (IOException) { }
        });
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.StartsWith("p", process.StandardOutput.ReadLine());
        Assert.NotNull(process.StandardOutput.ReadLine());
        process.StandardOutput.Close(); // `head -2` exits
        var closed = Stopwatch.StartNew();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        bool exited = true;
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            exited = false;
            process.Kill(entireProcessTree: true);
        }
        Assert.True(exited, "predict went on writing into a closed pipe");
        Assert.True(
            closed.Elapsed < TimeSpan.FromSeconds(5),
            $"predict took {closed.Elapsed.TotalSeconds:F1} s to notice"
        );
        Assert.Equal(0, process.ExitCode);
        Assert.Equal("", await stderr);
        await feeding.WaitAsync(TimeSpan.FromSeconds(5));
    }

    /// <summary>
    /// The other side of the same choice: stdout redirected to a file that the shell also writes
    /// (`(mlp predict …; echo done) &gt; out.csv`) keeps both, in order.
    /// </summary>
    [Fact]
    public async Task Predictions_into_a_file_the_shell_also_writes_are_kept_in_order()
    {
        using var folder = new TempFolder();
        var (_, model) = Trained(folder, 5);
        string data = folder.File("data.csv");
        string output = folder.File("out.csv");
        var start = new ProcessStartInfo("sh");
        // $0 … $3: the tool, the model, the data, the output file.
        foreach (
            string argument in new[]
            {
                "-c",
                "(echo before; dotnet \"$0\" predict \"$1\" \"$2\"; echo after) > \"$3\"",
                Path.Combine(AppContext.BaseDirectory, "mlp.dll"),
                model,
                data,
                output,
            }
        )
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        var lines = File.ReadAllLines(output);
        Assert.Equal("before", lines[0]);
        Assert.StartsWith("p", lines[1]);
        Assert.Equal(8, lines.Length); // before, the header, 5 rows, after
        Assert.Equal("after", lines[^1]);
    }
}
