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
}
