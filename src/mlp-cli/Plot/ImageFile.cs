namespace Mlp.Cli.Plot;

/// <summary>Writes a picture atomically (temporary file, then rename), as PNG.</summary>
internal static class ImageFile
{
    public static void WritePng(string path, Canvas canvas)
    {
        if (!path.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException(
                $"'{path}': pictures are written as PNG; give the file a .png name"
            );
        }
        var bytes = Png.Encode(canvas);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }
}
