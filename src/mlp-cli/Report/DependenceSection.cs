using Mlp.Cli.Explain;
using Mlp.Cli.Model;
using Mlp.Cli.Plot;

namespace Mlp.Cli.Report;

/// <summary>Partial dependence with ICE curves for the most important features.</summary>
internal static class DependenceSection
{
    public const int Features = 4;

    /// <summary>A feature's curve between these quantiles of its values, as `mlp pdp` draws it.</summary>
    private const double Low = 0.05,
        High = 0.95;

    public static void Write(HtmlReport report, ReportData data)
    {
        var explained = data.Explained;
        var top = data.Ranking!.Take(Features).ToArray();
        string function = PartialDependence.Describe(data.Model, null);
        report.Section(
            "dependence",
            "Partial dependence",
            $"How the prediction ({function}) changes as one feature moves over its range, the others kept at each row's own values: the thick line is the average over the rows (partial dependence), the thin lines single rows (ICE); lines that cross or fan out mean the feature acts with others.",
            () =>
            {
                report.PictureGrid(() =>
                {
                    foreach (int source in top)
                    {
                        var axis = PdpAxis.For(
                            explained,
                            source,
                            ImportanceOptions.DefaultGrid,
                            Low,
                            High
                        );
                        var result = PartialDependence.Compute(
                            explained,
                            [axis],
                            null,
                            keepIndividual: true,
                            data.Progress
                        );
                        report.Picture(
                            PdpChart.Draw(result, explained, "both", centered: false, data.Seed),
                            $"{axis.Name}: average over {result.Rows:N0} rows, at most {PdpChart.MaxIceCurves} of them drawn as ICE lines."
                        );
                    }
                });
                if (data.Schema.Task == TaskKind.Multiclass)
                {
                    report.Note(
                        "For a multiclass model the curve follows each row's own predicted class's probability; `mlp pdp --class C` draws one class's."
                    );
                }
            }
        );
    }
}
