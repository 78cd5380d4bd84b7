namespace Mlp.Cli.Plot;

/// <summary>Pictures as files: the name's extension says the format.</summary>
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

    /// <summary>Plans a picture output of the run, refusing a name that does not end in <paramref name="extension"/>.</summary>
    public static PlannedOutput Plan(
        OutputPlan outputs,
        string option,
        string path,
        string extension = ".png"
    )
    {
        CheckPath(path, extension, option);
        return outputs.Output(option, path);
    }

    public static void WritePng(OutputPlan outputs, PlannedOutput output, Canvas canvas) =>
        outputs.Write(output, stream => stream.Write(Png.Encode(canvas)));
}
