using Mlp.Cli.Plot;
using Mlp.Data;
using Mlp.Explain;
using Mlp.Model;
using static Mlp.Cli.Report.HtmlText;

namespace Mlp.Cli.Report;

/// <summary>The strongest interactions between pairs of features (Friedman's H-statistic).</summary>
internal static class InteractionsSection
{
    /// <summary>The H-statistic costs rows² evaluations per feature and pair: a seeded sample of the explained rows (100: a fifth of a second per pair on a default 5-member ensemble).</summary>
    public const int MaxRows = 100;

    private const int ListedPairs = 10;

    /// <summary>Pairs among the features ranked highest by permutation importance: n features cost n²/2 pairs.</summary>
    public const int MaxFeatures = 12;

    public static void Write(HtmlReport report, ReportData data)
    {
        var explained = data.Explained;
        if (explained.Rows > MaxRows)
        {
            explained = explained.Subset(
                RowSample.Take(
                    explained.Rows,
                    MaxRows,
                    Rng.For(data.Seed, RngStream.InteractionRows)
                )
            );
        }
        int? classIndex = data.FollowedClass;
        // In model order, the matrix's order.
        int[] among = [.. data.Ranking!.Take(MaxFeatures).Order()];
        var result = HStatistic.Compute(explained, classIndex, among);
        string function = PartialDependence.Describe(data.Model, classIndex);
        report.Section(
            "interactions",
            "Interactions",
            $"Which pairs of features act together rather than each on its own (Friedman and Popescu's H², for {function}): 0 means their effects simply add up, 1 that the pair's joint effect is all interaction; the size says how large that part is in the prediction's units, so a large H² of a tiny effect matters little.",
            () =>
            {
                var pairs = result.Ranked().Take(ListedPairs).ToArray();
                report.Table(
                    [
                        "pair",
                        "H² (share of the pair's joint effect)",
                        "size (RMS, units of the prediction)",
                    ],
                    pairs.Select(p =>
                        (IReadOnlyList<string>)
                            [
                                Escape($"{result.Features[p.A]} × {result.Features[p.B]}"),
                                Fixed(p.Value, 4),
                                Number(result.PairSizes?[p.A, p.B]),
                            ]
                    )
                );
                report.Picture(
                    InteractionChart.Draw(result),
                    (
                        among.Length < data.Schema.Sources.Length
                            ? $"The {among.Length} features ranked highest by permutation importance: H² of each pair (cells) and of each feature with all the others (beside the names), over {explained.Rows:N0} rows."
                            : $"H² of every pair (cells) and of each feature with all the others (beside the names), over {explained.Rows:N0} rows."
                    )
                );
            }
        );
    }
}
