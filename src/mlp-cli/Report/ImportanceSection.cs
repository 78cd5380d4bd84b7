using Mlp.Cli.Plot;
using Mlp.Explain;
using Mlp.Model;
using static Mlp.Cli.Report.HtmlText;

namespace Mlp.Cli.Report;

/// <summary>
/// Importance by every method, each scaled so that its |values| sum to 1, side by side: the
/// table (value, rank and a bar per cell) and a bar chart of the top features by the methods
/// that measure the model's behaviour. Garson, Olden and first-layer read only the weights; the
/// table marks them, with each method's rank agreement with SHAP.
/// </summary>
internal static class ImportanceSection
{
    public static readonly string[] WeightBased = ["garson", "olden", "first-layer"];
    private static readonly string[] Charted = ["permutation", "shap", "integrated-gradients"];
    private const string Reference = "shap";
    private const double Disagreement = 0.5;
    private const int ChartedFeatures = 15;

    /// <summary>
    /// LIME fits a weighted ridge regression on every feature for each row: about rows ×
    /// (samples · features² + features³ / 3) multiply-adds. Beyond this many (some 20 s on two
    /// cores) the report leaves it out and says why; `mlp importance --method lime` still runs it.
    /// </summary>
    private const double MaxLimeWork = 2e10;

    /// <summary>Every method's normalized report; also sets the data's ranking (permutation's order).</summary>
    public static IReadOnlyList<ImportanceReport> Compute(
        ReportData data,
        Action<string> note,
        List<string> leftOut
    )
    {
        var options = Options(data);
        double features = data.Schema.Sources.Length;
        double limeWork =
            data.Explained.Rows
            * (options.Samples * features * features + features * features * features / 3);
        var reports = MethodComparison.Run(
            data.Explained,
            options,
            line =>
            {
                leftOut.Add(line);
                note(line);
            },
            method =>
                method == "lime" && limeWork > MaxLimeWork
                    ? $"its ridge regression on {features:N0} features for each of {data.Explained.Rows:N0} rows would take minutes (run `mlp importance --method lime --rows N` for it)"
                    : null
        );
        data.Ranking = reports.First(r => r.Method == "permutation").Order();
        return reports;
    }

    /// <summary>The ranking alone (permutation importance), for sections that need it without this one.</summary>
    public static int[] Ranking(ReportData data) =>
        Options(data).Create("permutation").Compute(data.Explained).Order();

    /// <summary>
    /// Permutation importance ranks the report's features, by log loss for a classifier: the
    /// accuracy of a model that is right on every row moves for no single feature, and every
    /// feature would tie at 0 (the ranking would be the columns' order).
    /// </summary>
    private static ImportanceOptions Options(ReportData data) =>
        new()
        {
            Seed = data.Seed,
            Background = data.Background,
            Metric = data.Schema.Task == TaskKind.Regression ? null : "log_loss",
        };

    public static void Write(
        HtmlReport report,
        ReportData data,
        IReadOnlyList<ImportanceReport> reports,
        IReadOnlyList<string> leftOut
    )
    {
        var order = data.Ranking!;
        var reference = reports.FirstOrDefault(r => r.Method == Reference);
        var ranks = reports.Select(r => r.Ranks()).ToArray();
        var agreement = reports
            .Select(r => reference is null ? (double?)null : Spearman(r.Ranks(), reference.Ranks()))
            .ToArray();
        report.Section(
            "importance",
            "Feature importance",
            $"How much each feature drives the model, by every method, each scaled so that its values sum to 1 (rank in brackets), rows in order of permutation importance ({Shuffled(reports[0].Metric)}); ρ under a method's name is the Spearman correlation of its ranks with SHAP's. The weight-based methods, in the second table beside SHAP, read only the weights, not what the model does with the data: where their ranks disagree with SHAP's (ρ below {Disagreement}, in red), trust the first table.",
            () =>
            {
                void Table(string heading, Func<ImportanceReport, bool> include)
                {
                    var shown = Enumerable
                        .Range(0, reports.Count)
                        .Where(m => include(reports[m]))
                        .ToArray();
                    report.Heading(heading);
                    report.Table(
                        ["feature", .. shown.Select(m => Header(reports[m], agreement[m]))],
                        order
                            .Take(ModelSection.MaxListedFeatures)
                            .Select(i =>
                                (IReadOnlyList<string>)
                                    [
                                        Escape(reports[0].Features[i].Name),
                                        .. shown.Select(m => Cell(reports[m], ranks[m][i], i)),
                                    ]
                            ),
                        "data importance"
                    );
                }
                Table(
                    "Methods that measure what the model does with the data",
                    r => !WeightBased.Contains(r.Method)
                );
                Table(
                    "Weight-based methods (they read only the weights)",
                    r => WeightBased.Contains(r.Method) || r.Method == Reference
                );
                if (order.Length > ModelSection.MaxListedFeatures)
                {
                    report.Note(
                        $"The {ModelSection.MaxListedFeatures} features ranked highest by permutation importance of {order.Length} are listed (ρ is over all of them); `mlp importance --method all --format csv` lists every one."
                    );
                }
                foreach (string line in leftOut)
                {
                    report.Note($"{char.ToUpperInvariant(line[0])}{line[1..]}.");
                }
                report.Note(
                    $"{data.Explained.Rows:N0} rows explained; SHAP against {data.Background.Length / Math.Max(1, data.Explained.InputCount):N0} background rows; permutation by {reports[0].Metric} with {Options(data).Repeats} shuffles per feature; seed {data.Seed}."
                );
                var charted = reports.Where(r => Charted.Contains(r.Method)).ToArray();
                if (charted.Length > 0)
                {
                    var top = order.Take(ChartedFeatures).ToArray();
                    report.Picture(
                        ImportanceChart.Draw(
                            [.. charted.Select(r => Top(r, top))],
                            $"Top {top.Length} features: permutation, SHAP, integrated gradients"
                        ),
                        $"The {top.Length} most important features by permutation importance, as a share of each method's total."
                    );
                }
            }
        );
    }

    private static string Shuffled(string? metric) =>
        metric == "log_loss"
            ? "how much the log loss rises when the feature is shuffled"
            : $"how much {metric} drops when the feature is shuffled";

    private static string Header(ImportanceReport report, double? rho)
    {
        string name = Escape(report.Method);
        if (WeightBased.Contains(report.Method))
        {
            name += "<br><span class=\"tag\">weight-based</span>";
        }
        if (rho is double r && report.Method != Reference)
        {
            string css = r < Disagreement ? " class=\"disagrees\"" : "";
            name +=
                $"<br><span{css} title=\"Spearman rank correlation with SHAP\">ρ {Fixed(r, 2)}</span>";
        }
        return name;
    }

    private static string Cell(ImportanceReport report, int rank, int feature)
    {
        double value = report.Features[feature].Importance;
        double largest = report.Features.Max(f => Math.Abs(f.Importance));
        int width = largest == 0 ? 0 : (int)Math.Round(24 * Math.Abs(value) / largest);
        string css = WeightBased.Contains(report.Method) ? "bar weight-based" : "bar";
        return $"{Fixed(value, 3)} ({rank})<span class=\"{css}\" style=\"width:{width}px\"></span>";
    }

    /// <summary>The report cut to the given features (the chart's first report fixes their order).</summary>
    private static ImportanceReport Top(ImportanceReport report, int[] features) =>
        new()
        {
            Method = report.Method,
            Metric = report.Metric,
            RanksBySign = report.RanksBySign,
            Features = [.. features.Select(i => report.Features[i])],
        };

    /// <summary>Spearman's ρ between two rankings without ties (1 − 6Σd² / (n(n² − 1))).</summary>
    public static double Spearman(int[] a, int[] b)
    {
        int n = a.Length;
        if (n < 2)
        {
            return 1;
        }
        double squares = 0;
        for (int i = 0; i < n; i++)
        {
            double d = a[i] - b[i];
            squares += d * d;
        }
        return 1 - 6 * squares / ((double)n * ((double)n * n - 1));
    }
}
