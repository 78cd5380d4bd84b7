namespace Mlp.Cli.Plot;

/// <summary>Writes a picture atomically (temporary file, then rename), as PNG.</summary>
internal static class ImageFile
{
    /// <summary>Refuses, before any work is done, an output whose name does not say its format.</summary>
    public static void CheckPath(string? path, string extension, string option)
    {
        if (path is not null && !path.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException(
                $"{option} '{path}': this picture is written as {extension[1..].ToUpperInvariant()}; give the file a {extension} name"
            );
        }
    }

    public static void WritePng(string path, Canvas canvas)
    {
        CheckPath(path, ".png", "-o");
        var bytes = Png.Encode(canvas);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }
}
