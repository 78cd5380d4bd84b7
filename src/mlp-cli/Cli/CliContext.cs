using System.Text;

namespace Mlp.Cli;

/// <summary>The process's streams, injectable so tests run the whole command tree in memory.</summary>
internal sealed record CliContext
{
    public required Stream StandardOutput { get; init; }
    public required TextWriter Out { get; init; }
    public required TextWriter Error { get; init; }
    public Stream? StandardInput { get; init; }

    /// <summary>Whether stderr is a terminal: progress is shown only then.</summary>
    public bool ErrorIsTerminal { get; init; }

    public CancellationToken Cancel { get; init; }

    /// <summary>--delimiter and --decimal, read before the command runs: how its CSV inputs are written.</summary>
    public Data.CsvDialect Dialect { get; init; } = new();

    /// <summary>--progress, read before the command runs: how long work shows how far it is.</summary>
    public ProgressChoice Progress { get; init; } = new();

    /// <summary>Set when `mlp merge` runs the command again: the shards' results, which it takes instead of computing them.</summary>
    public Sharding.ShardRun? Merged { get; init; }

    /// <summary>No notes on stderr (what was written); errors and warnings still appear.</summary>
    public bool Quiet { get; init; }

    /// <summary>A note on stderr such as "mlp: wrote boundary.png", unless quiet.</summary>
    public void Note(string text)
    {
        if (!Quiet)
        {
            Error.WriteLine($"mlp: {text}");
        }
    }

    /// <summary>The same streams, quiet.</summary>
    public CliContext AsQuiet() => this with { Quiet = true };

    /// <summary>What reading a data file takes from this run: stderr for warnings, stdin, the dialect, Ctrl-C.</summary>
    public Data.ReadSettings Reading =>
        new(Error, StandardInput, Dialect, Cancel)
        {
            MemoryBudget = Data.Streaming.MemoryBudget.Default(),
        };

    /// <summary>The same, with standard output going into another stream (the shell's `&gt; file`).</summary>
    public CliContext WithOutput(Stream output, TextWriter writer) =>
        this with
        {
            StandardOutput = output,
            Out = writer,
        };

    /// <summary>
    /// Standard output as a stream whose writes fail once the reader has gone (`| head`). On Unix
    /// the console stream swallows EPIPE, so a command streaming from `yes` would write into a
    /// closed pipe forever; a file stream on descriptor 1 raises it instead, which
    /// <see cref="CommandLine"/> turns into a quiet exit 0. Only for a pipe or socket: on a
    /// seekable file a file stream writes at offsets of its own (pwrite), which would overwrite
    /// what others write into the same file (`(mlp predict …; echo done) &gt; out.csv`).
    /// </summary>
    private static Stream OpenStandardOutput()
    {
        if (OperatingSystem.IsWindows())
        {
            return Console.OpenStandardOutput();
        }
        try
        {
            var stream = new FileStream(
                new Microsoft.Win32.SafeHandles.SafeFileHandle(1, ownsHandle: false),
                FileAccess.Write,
                bufferSize: 0
            );
            if (!stream.CanSeek)
            {
                return stream;
            }
            stream.Dispose();
        }
        catch (Exception e)
            when (e is IOException or UnauthorizedAccessException or ArgumentException) { }
        return Console.OpenStandardOutput();
    }

    public static CliContext FromConsole(CancellationToken cancel)
    {
        var stdout = OpenStandardOutput();
        var utf8 = new UTF8Encoding(false);
        return new CliContext
        {
            StandardOutput = stdout,
            Out = new StreamWriter(stdout, utf8, 1 << 16) { AutoFlush = false },
            Error = new StreamWriter(Console.OpenStandardError(), utf8) { AutoFlush = true },
            StandardInput = null,
            ErrorIsTerminal = !Console.IsErrorRedirected,
            Cancel = cancel,
        };
    }
}
