namespace Mlp.Cli;

/// <summary>
/// Every file one run writes, planned before any work and put in place together at the end.
/// Planning refuses (exit 2) an output that names an input of the run or another output, and
/// one whose folder is missing or not writable. Regular files are written to a temporary file
/// beside the file they replace and renamed over it only at <see cref="Commit"/>, once every
/// output of the run was written; a symbolic link's target is what gets replaced, the link
/// stays. Devices, FIFOs and "-" (standard output) are written through at <see cref="Commit"/>.
/// Disposing without committing removes the temporary files and leaves everything as it was.
/// </summary>
internal sealed class OutputPlan(CliContext context) : IDisposable
{
    private readonly List<(string Option, string Path)> _inputs = [];
    private readonly List<PlannedOutput> _outputs = [];
    private string? _stdoutOwner;

    /// <summary>Whether some output of the run goes to standard output.</summary>
    public bool WritesStdout => _stdoutOwner is not null;

    /// <summary>Notes a file the run reads ("-", standard input, is not a file).</summary>
    public void Input(string option, string? path)
    {
        if (path is not null && path != "-")
        {
            _inputs.Add((option, FilePaths.Canonical(path)));
        }
    }

    /// <summary>Claims standard output for something written there directly (a JSON summary): a second claim is a usage error.</summary>
    public void ClaimStdout(string option)
    {
        if (_stdoutOwner is not null)
        {
            throw new UsageException(
                $"{_stdoutOwner} and {option} would both write to stdout",
                "send one of them to a file"
            );
        }
        _stdoutOwner = option;
    }

    /// <summary>Plans the output <paramref name="path"/> of <paramref name="option"/> ("-" is stdout).</summary>
    public PlannedOutput Output(string option, string path)
    {
        if (path == "-" || IsOwnStdout(path))
        {
            ClaimStdout($"{option} -");
            return Add(new PlannedOutput(option, path, OutputKind.Stdout, path));
        }
        if (FilePaths.IsSpecial(path))
        {
            // Checked on the path as given: the kernel follows links such as /dev/stdout itself.
            return Add(new PlannedOutput(option, path, OutputKind.WrittenThrough, path));
        }
        string canonical = FilePaths.Canonical(path);
        foreach (var (inputOption, inputPath) in _inputs)
        {
            if (FilePaths.Comparer.Equals(canonical, inputPath))
            {
                throw new UsageException(
                    $"{option} '{path}' is also the {inputOption} of this run: writing it would destroy it",
                    "write the output to another file"
                );
            }
        }
        foreach (var other in _outputs)
        {
            if (
                other.Kind != OutputKind.Stdout
                && FilePaths.Comparer.Equals(canonical, other.Target)
            )
            {
                throw new UsageException(
                    $"{option} '{path}' is also the file of {other.Option}",
                    "give each output a file of its own"
                );
            }
        }
        if (Directory.Exists(canonical))
        {
            throw new UsageException($"{option} '{path}' is a folder, not a file");
        }
        return Add(Reserve(new PlannedOutput(option, path, OutputKind.Replaced, canonical)));
    }

    /// <summary>
    /// /dev/stdout names this process's standard output: written as "-", since reopening it
    /// would start a redirected file over from its first byte.
    /// </summary>
    private static bool IsOwnStdout(string path) =>
        !OperatingSystem.IsWindows() && path is "/dev/stdout" or "/dev/fd/1" or "/proc/self/fd/1";

    private PlannedOutput Add(PlannedOutput output)
    {
        _outputs.Add(output);
        return output;
    }

    /// <summary>Creates the temporary file now, so a missing or read-only folder stops the run before any work.</summary>
    private static PlannedOutput Reserve(PlannedOutput output)
    {
        string folder = Path.GetDirectoryName(output.Target)!;
        if (!Directory.Exists(folder))
        {
            throw new UsageException(
                $"{output.Option} '{output.Path}': the folder '{folder}' does not exist"
            );
        }
        output.TemporaryPath = Path.Combine(
            folder,
            $".{Path.GetFileName(output.Target)}.{Environment.ProcessId}.tmp"
        );
        try
        {
            new FileStream(output.TemporaryPath, FileMode.Create, FileAccess.Write).Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            output.TemporaryPath = null;
            throw new UsageException(
                $"{output.Option} '{output.Path}': cannot write in the folder '{folder}' ({e.Message})"
            );
        }
        return output;
    }

    /// <summary>Writes an output's bytes: into its temporary file, or kept until <see cref="Commit"/> for stdout, devices and FIFOs.</summary>
    public void Write(PlannedOutput output, Action<Stream> write)
    {
        if (output.Kind != OutputKind.Replaced)
        {
            var buffer = new MemoryStream();
            write(buffer);
            output.Buffer = buffer;
            return;
        }
        try
        {
            using var stream = new FileStream(
                output.TemporaryPath!,
                FileMode.Truncate,
                FileAccess.Write,
                FileShare.None,
                1 << 16
            );
            write(stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MlpException(
                $"cannot write the file: {e.Message}",
                new ErrorPlace(output.Path)
            );
        }
        output.Written = true;
    }

    /// <summary>Puts every written output in place.</summary>
    public void Commit()
    {
        foreach (var output in _outputs)
        {
            try
            {
                Commit(output);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (output.Kind == OutputKind.Stdout)
                {
                    throw;
                }
                throw new MlpException(
                    $"cannot write the file: {e.Message}",
                    new ErrorPlace(output.Path)
                );
            }
        }
    }

    private void Commit(PlannedOutput output)
    {
        switch (output.Kind)
        {
            case OutputKind.Replaced when output.Written:
                File.Move(output.TemporaryPath!, output.Target, overwrite: true);
                output.TemporaryPath = null;
                break;
            case OutputKind.Stdout when output.Buffer is not null:
                context.Out.Flush();
                output.Buffer.WriteTo(context.StandardOutput);
                context.StandardOutput.Flush();
                break;
            case OutputKind.WrittenThrough when output.Buffer is not null:
                using (var stream = new FileStream(output.Target, FileMode.Open, FileAccess.Write))
                {
                    output.Buffer.WriteTo(stream);
                }
                break;
        }
    }

    public void Dispose()
    {
        foreach (var output in _outputs)
        {
            if (output.TemporaryPath is string temporary)
            {
                try
                {
                    File.Delete(temporary);
                }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
        }
    }
}

internal enum OutputKind
{
    /// <summary>A regular file (or one to be created), replaced by renaming a temporary file over it.</summary>
    Replaced,

    /// <summary>A device, FIFO or socket, written into.</summary>
    WrittenThrough,

    /// <summary>Standard output ("-").</summary>
    Stdout,
}

/// <summary>One planned output: the option that named it, the path as given and the file it really is.</summary>
internal sealed class PlannedOutput(string option, string path, OutputKind kind, string target)
{
    public string Option { get; } = option;
    public string Path { get; } = path;
    public OutputKind Kind { get; } = kind;

    /// <summary>The file written: the path with every link resolved.</summary>
    public string Target { get; } = target;
    public string? TemporaryPath { get; set; }
    public MemoryStream? Buffer { get; set; }
    public bool Written { get; set; }
}
