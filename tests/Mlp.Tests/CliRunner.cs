using System.Text;
using Mlp.Cli;

namespace Mlp.Tests;

/// <summary>Runs the whole command tree in memory and captures exit code, stdout and stderr.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr, byte[] StdoutBytes);

    public static Result Run(params string[] args) => RunWithInput(null, args);

    /// <summary>As <see cref="Run"/>, with stderr taken for a terminal (progress bars are drawn).</summary>
    public static Result RunOnTerminal(params string[] args) =>
        RunWithInput((byte[]?)null, args, terminal: true);

    public static Result RunWithInput(string? stdin, params string[] args) =>
        RunWithInput(stdin is null ? null : Encoding.UTF8.GetBytes(stdin), args, terminal: false);

    /// <summary>As <see cref="Run"/>, with these bytes on standard input.</summary>
    public static Result RunWithBytes(byte[] stdin, params string[] args) =>
        RunWithInput(stdin, args, terminal: false);

    private static Result RunWithInput(byte[]? stdin, string[] args, bool terminal)
    {
        var stdout = new MemoryStream();
        var error = new StringWriter();
        var context = new CliContext
        {
            StandardOutput = stdout,
            Out = new StreamWriter(stdout, new UTF8Encoding(false), 1 << 12, leaveOpen: true),
            Error = error,
            StandardInput = stdin is null ? null : new MemoryStream(stdin),
            ErrorIsTerminal = terminal,
        };
        int code = CommandLine.Run(args, context);
        context.Out.Flush();
        var bytes = stdout.ToArray();
        return new Result(code, Encoding.UTF8.GetString(bytes), error.ToString(), bytes);
    }
}

/// <summary>A temporary folder deleted after the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(
            System.IO.Path.GetTempPath(),
            "mlp-tests-" + Guid.NewGuid().ToString("N")[..12]
        );
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, string content)
    {
        string path = File(name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException) { }
    }
}

internal static class TestData
{
    public static string Iris =>
        System.IO.Path.Combine(AppContext.BaseDirectory, "Data", "iris.csv");
}
