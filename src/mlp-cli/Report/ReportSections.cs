namespace Mlp.Cli.Report;

/// <summary>The report's sections in page order, by the names --sections takes.</summary>
internal static class ReportSections
{
    public static readonly string[] Names =
    [
        "model",
        "metrics",
        "importance",
        "dependence",
        "interactions",
        "weights",
        "regions",
    ];

    /// <summary>--sections "a,b": the named sections in page order; absent: all of them.</summary>
    public static string[] Parse(string? text)
    {
        if (text is null)
        {
            return Names;
        }
        var chosen = Commands.OptionParsing.List(text);
        var unknown = chosen.FirstOrDefault(name => !Names.Contains(name));
        if (unknown is not null || chosen.Count == 0)
        {
            throw new UsageException(
                unknown is null
                    ? "--sections names no section"
                    : $"--sections names \"{unknown}\", which is not a section of the report",
                $"the sections are: {string.Join(",", Names)}"
            );
        }
        return [.. Names.Where(chosen.Contains)];
    }
}
