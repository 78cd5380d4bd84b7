using System.Diagnostics;
using System.Text;
using Mlp.Cli;

namespace Mlp.Tests.EndToEnd;

/// <summary>Ctrl-C stops every long-running command soon, with exit 130, and leaves no output behind.</summary>
public class InterruptTests
{
    private static (int Code, TimeSpan AfterCancel, string Stderr) RunCancelled(
        string[] args,
        int cancelAfterMs,
        Stream? stdin = null
    )
    {
        using var cancel = new CancellationTokenSource();
        var error = new StringWriter();
        var context = new CliContext
        {
            StandardOutput = new MemoryStream(),
            Out = new StringWriter(),
            Error = error,
            StandardInput = stdin,
            Cancel = cancel.Token,
        };
        var clock = new Stopwatch();
        // Ctrl-C from a thread of its own: a timer's callback waits for a free thread-pool
        // thread, and tests running beside this one (the browser tests) can hold them all for
        // seconds, long enough for the command to finish before it is ever cancelled.
        var presser = new Thread(() =>
        {
            Thread.Sleep(cancelAfterMs);
            clock.Start();
            cancel.Cancel();
        })
        {
            IsBackground = true,
        };
        presser.Start();
        int code = CommandLine.Run(args, context);
        presser.Join();
        return (code, clock.Elapsed, error.ToString());
    }

    private static void AssertInterrupted((int Code, TimeSpan AfterCancel, string Stderr) run)
    {
        Assert.Equal(130, run.Code);
        Assert.Equal("mlp: interrupted\n", run.Stderr.Replace("\r", ""));
        // Within a second on an idle machine; the bound leaves room for a loaded CI runner.
        Assert.True(
            run.AfterCancel < TimeSpan.FromSeconds(5),
            $"stopped {run.AfterCancel} after Ctrl-C"
        );
    }

    private static string Model(TempFolder folder, string data, params string[] options)
    {
        string model = folder.File("m.mlp");
        Assert.Equal(
            0,
            CliRunner.Run(["train", data, "-o", model, "--epochs", "2", .. options]).ExitCode
        );
        return model;
    }

    /// <summary>A wide data set: 12 features, so exact Shapley values take minutes.</summary>
    private static string Wide(int rows)
    {
        var random = new Random(1);
        var csv = new StringBuilder(
            string.Join(',', Enumerable.Range(1, 12).Select(i => $"x{i}")) + ",y\n"
        );
        for (int r = 0; r < rows; r++)
        {
            var x = Enumerable.Range(0, 12).Select(_ => random.NextDouble()).ToArray();
            csv.Append(
                string.Join(
                    ',',
                    x.Select(v =>
                        v.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)
                    )
                )
            );
            csv.Append(x[0] + x[1] > 1 ? ",1\n" : ",0\n");
        }
        return csv.ToString();
    }

    /// <summary>A CSV on stdin that never ends: the command can only stop by being interrupted.</summary>
    private sealed class EndlessCsv(string header, string row) : Stream
    {
        private readonly byte[] _row = Encoding.UTF8.GetBytes(row);
        private byte[] _pending = Encoding.UTF8.GetBytes(header);
        private int _at;

        public override int Read(byte[] buffer, int offset, int count)
        {
            int written = 0;
            while (written < count)
            {
                if (_at == _pending.Length)
                {
                    (_pending, _at) = (_row, 0);
                }
                int n = Math.Min(count - written, _pending.Length - _at);
                Array.Copy(_pending, _at, buffer, offset + written, n);
                (_at, written) = (_at + n, written + n);
            }
            return written;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) =>
            throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) =>
            throw new NotSupportedException();
    }

    private static EndlessCsv EndlessWide() =>
        new(
            string.Join(',', Enumerable.Range(1, 12).Select(i => $"x{i}")) + ",y\n",
            "0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,0.1,0.2,0.3,1\n"
        );

    [Fact]
    public void Predict_stops_on_ctrl_c()
    {
        using var folder = new TempFolder();
        string model = Model(folder, folder.Write("d.csv", Wide(200)));
        AssertInterrupted(RunCancelled(["predict", model, "-"], 300, EndlessWide()));
    }

    [Theory]
    [InlineData("shap")]
    [InlineData("permutation")]
    [InlineData("integrated-gradients")]
    [InlineData("all")]
    public void Importance_stops_on_ctrl_c(string method)
    {
        using var folder = new TempFolder();
        string data = folder.Write("d.csv", Wide(5000));
        string model = Model(folder, data, "--hidden", "256,256");
        string plot = folder.File("bars.png");
        string[] slow = method switch
        {
            "permutation" => ["--repeats", "100000"],
            "integrated-gradients" => ["--steps", "1000", "--rows", "all"],
            "all" => ["--repeats", "100000", "--steps", "1000"],
            _ => [],
        };
        var run = RunCancelled(
            ["importance", model, data, "--method", method, "--plot", plot, .. slow],
            500
        );
        AssertInterrupted(run);
        Assert.False(File.Exists(plot));
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
    }

    [Fact]
    public void Eval_stops_on_ctrl_c()
    {
        using var folder = new TempFolder();
        string model = Model(folder, folder.Write("d.csv", Wide(200)));
        AssertInterrupted(RunCancelled(["eval", model, "-"], 300, EndlessWide()));
    }

    [Fact]
    public void Training_stops_on_ctrl_c_while_the_data_loads()
    {
        using var folder = new TempFolder();
        string big = folder.Write("big.csv", Wide(600_000));
        string model = folder.Write("m.mlp", "old");
        AssertInterrupted(RunCancelled(["train", big, "-o", model], 50));
        Assert.Equal("old", File.ReadAllText(model));
    }

    [Fact]
    public void The_demo_stops_on_ctrl_c()
    {
        using var folder = new TempFolder();
        var run = RunCancelled(["demo", "--out", folder.Path, "--quiet"], 400);
        AssertInterrupted(run);
    }

    [Theory]
    [InlineData("pdp")]
    [InlineData("interactions")]
    [InlineData("interactions-shap")]
    public void Dependence_and_interactions_stop_on_ctrl_c(string what)
    {
        using var folder = new TempFolder();
        string data = folder.Write("d.csv", Wide(5000));
        string model = Model(folder, data, "--hidden", "256,256");
        string plot = folder.File("picture.png");
        string[] args = what switch
        {
            "pdp" => ["pdp", model, data, "--features", "x1,x2", "--grid", "1000"],
            "interactions" => ["interactions", model, data, "--rows", "all"],
            _ => ["interactions", model, data, "--method", "shap", "--rows", "all"],
        };
        AssertInterrupted(RunCancelled([.. args, "--plot", plot], 500));
        Assert.False(File.Exists(plot));
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
    }

    [Fact]
    public void A_report_stops_on_ctrl_c_and_writes_no_page()
    {
        using var folder = new TempFolder();
        string data = folder.Write("d.csv", Wide(5000));
        string model = Model(folder, data, "--hidden", "256,256");
        string page = folder.File("report.html");
        AssertInterrupted(RunCancelled(["report", model, data, "-o", page, "--rows", "all"], 500));
        Assert.False(File.Exists(page));
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
    }

    [Fact]
    public void A_sweep_stops_on_ctrl_c_and_leaves_no_models()
    {
        using var folder = new TempFolder();
        string data = folder.Write("d.csv", Wide(5000));
        string models = folder.File("models");
        var run = RunCancelled(
            [
                "sweep",
                data,
                "--hidden",
                "256,256",
                "--lr",
                "0.1,0.01,0.001",
                "--epochs",
                "1000",
                "--out",
                models,
            ],
            500
        );
        AssertInterrupted(run);
        Assert.False(Directory.Exists(models), "the --out folder the sweep made is removed again");
    }
}
