namespace Mlp.Cli.Plot;

/// <summary>Pictures as files: the name's extension says the format (PNG or SVG; GIF for animations).</summary>
internal static class ImageFile
{
    private static readonly string[] PictureExtensions = [".png", ".svg"];

    public static bool IsSvg(string path) =>
        path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase);

    /// <summary>Refuses, before any work is done, an output whose name does not say its format.</summary>
    public static void CheckPath(string path, string option, params string[] extensions)
    {
        if (!extensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
        {
            string formats = string.Join(" or ", extensions.Select(e => e[1..].ToUpperInvariant()));
            string names = string.Join(" or ", extensions);
            throw new UsageException(
                $"{option} '{path}': this picture is written as {formats}; give the file a {names} name"
            );
        }
    }

    /// <summary>Plans a picture output of the run: a .png or .svg name.</summary>
    public static PlannedOutput Plan(OutputPlan outputs, string option, string path)
    {
        CheckPath(path, option, PictureExtensions);
        return outputs.Output(option, path);
    }

    /// <summary>Plans an animation output of the run: a .gif name.</summary>
    public static PlannedOutput PlanAnimation(OutputPlan outputs, string option, string path)
    {
        CheckPath(path, option, ".gif");
        return outputs.Output(option, path);
    }

    /// <summary>Draws the optional --plot picture, puts every output of the run in place, and says what was drawn.</summary>
    public static void CommitWith(
        OutputPlan outputs,
        PlannedOutput? picture,
        Func<Figure> draw,
        CliContext context
    )
    {
        if (picture is not null)
        {
            draw().Write(outputs, picture);
        }
        outputs.Commit();
        if (picture is not null)
        {
            context.Note($"wrote {picture.Path}");
        }
    }
}
