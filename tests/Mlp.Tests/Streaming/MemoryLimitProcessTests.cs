using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Mlp.Tests.Streaming;

/// <summary>
/// The tool in a process whose memory is capped (the runtime's heap limit, as a container's
/// would set it): data that does not fit trains when streamed (the default budget is a share of
/// the cap), and training it in memory anyway (--memory above the cap) is a one-line error with
/// exit 1 and no model written, not a crash.
/// </summary>
public class MemoryLimitProcessTests
{
    private static (int Code, string Stderr) Run(string folder, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
        };
        // 32 MiB of heap: the 900,000 rows below take about 50 MB in memory.
        start.Environment["DOTNET_GCHeapHardLimit"] = "0x2000000";
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mlp.dll"));
        foreach (string argument in args)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stderr.Result);
    }

    [Fact]
    public void DataOverTheCapStreamsAndInMemoryIsAOneLineError()
    {
        using var folder = new TempFolder();
        var random = new Random(5);
        var text = new StringBuilder("a,b,c,d,e,f,y\n");
        for (int r = 0; r < 900_000; r++)
        {
            double sum = 0;
            for (int c = 0; c < 6; c++)
            {
                double x = Math.Round(random.NextDouble(), 5);
                sum += x * (c + 1);
                text.Append(x.ToString(CultureInfo.InvariantCulture)).Append(',');
            }
            text.Append(Math.Round(sum, 4).ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        string data = folder.Write("data.csv", text.ToString());
        var streamed = Run(
            folder.Path,
            "train",
            data,
            "--epochs",
            "1",
            "--batch-size",
            "256",
            "-o",
            "s.mlp",
            "-q"
        );
        Assert.True(streamed.Code == 0, streamed.Stderr);
        Assert.True(File.Exists(folder.File("s.mlp")));
        var memory = Run(
            folder.Path,
            "train",
            data,
            "--epochs",
            "1",
            "--memory",
            "10G",
            "-o",
            "m.mlp",
            "-q"
        );
        Assert.Equal(1, memory.Code);
        Assert.StartsWith("mlp: error: out of memory", memory.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, memory.Stderr.TrimEnd().Split('\n').Length);
        Assert.False(File.Exists(folder.File("m.mlp")));
    }
}
