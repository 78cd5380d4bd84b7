using Mlp.Cli.Plot;
using Mlp.Explain;
using Mlp.Model;

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
        // Multiclass: the class predicted most often (each row's own predicted class would
        // follow the largest probability, near 1 everywhere).
        int? classIndex = data.FollowedClass;
        string function = PartialDependence.Describe(data.Model, classIndex);
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
                            classIndex,
                            keepIndividual: true,
                            data.Progress
                        );
                        report.Picture(
                            PdpChart.Draw(
                                result,
                                explained,
                                "both",
                                centered: false,
                                data.Seed,
                                narrow: true
                            ),
                            $"{axis.Name}: average over {result.Rows:N0} rows, at most {PdpChart.MaxIceCurves} of them drawn as ICE lines."
                        );
                    }
                });
                if (classIndex is int shown)
                {
                    report.Note(
                        $"For a multiclass model the curves follow the probability of {data.Schema.Classes[shown]}, the class predicted most often; `mlp pdp --class C` draws another class's."
                    );
                }
            }
        );
    }
}
