namespace Mlp.Cli;

/// <summary>
/// Writes an output so that a failed run never clobbers what was there: the bytes go to a
/// temporary file in the same folder, renamed over the target only when complete.
/// </summary>
internal static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        string fullPath = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(fullPath)!;
        if (!Directory.Exists(folder))
        {
            throw new MlpException("the output folder does not exist", new ErrorPlace(path));
        }
        string temporary = Path.Combine(
            folder,
            $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.tmp"
        );
        try
        {
            using (
                var stream = new FileStream(
                    temporary,
                    FileMode.Create,
                    FileAccess.Write,
                    FileShare.None,
                    1 << 16
                )
            )
            {
                write(stream);
            }
            File.Move(temporary, fullPath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new MlpException($"cannot write the file: {e.Message}", new ErrorPlace(path));
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Writes to <paramref name="path"/>, or to standard output when it is "-".</summary>
    public static void WriteOrStdout(string path, Stream standardOutput, Action<Stream> write)
    {
        if (path == "-")
        {
            write(standardOutput);
            standardOutput.Flush();
            return;
        }
        Write(path, write);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
