using Mlp.Cli.Plot;
using Mlp.Explain;
using Mlp.Metrics;
using Mlp.Model;
using static Mlp.Cli.Report.HtmlText;

namespace Mlp.Cli.Report;

/// <summary>The model's metrics on DATA, with the confusion matrix (classification) or the residuals (regression).</summary>
internal static class MetricsSection
{
    private const float Threshold = 0.5f;

    public static void Write(HtmlReport report, ReportData data)
    {
        var schema = data.Schema;
        var all = data.All;
        var outputs = ParallelForward.Run(
            data.Model,
            ModelRows.Standardized(all),
            all.Rows,
            all.Cancel
        );
        var metrics = Scoring.Compute(
            schema.Task,
            schema.Classes.Length,
            outputs,
            all.Targets,
            Threshold,
            []
        );
        bool regression = schema.Task == TaskKind.Regression;
        report.Section(
            "metrics",
            $"Metrics on {data.DataName}",
            regression
                ? "How close the predictions come to the true values of every row of the data: R² is the share of the target's variance explained (1 is perfect), the errors are in the target's units; the residuals should scatter evenly around zero."
                : "How often the model is right on every row of the data, and where it errs: in the confusion matrix each row is a true class and each column the class predicted, so the diagonal counts the right answers.",
            () =>
            {
                report.Table(
                    ["metric", "value", "what it measures"],
                    metrics.Values.Select(m =>
                        (IReadOnlyList<string>)
                            [Escape(m.Name), Number(m.Value, 6), Escape(Meaning(m.Name, schema))]
                    ),
                    "data",
                    2
                );
                if (metrics.Confusion is { } counts)
                {
                    report.Heading(
                        "Confusion matrix (rows: true class, columns: predicted class, cells: rows of data)"
                    );
                    Confusion(report, counts, schema.Classes);
                }
                if (regression)
                {
                    report.Picture(
                        ResidualChart.Draw(outputs, all.Targets, schema.TargetName, data.Seed),
                        $"Residuals of {schema.TargetName} against the predictions, in the target's units."
                    );
                }
            }
        );
        data.Progress.Advance();
    }

    private static string Meaning(string metric, Schema schema) =>
        metric switch
        {
            "accuracy" => "share of rows whose predicted class is the true one",
            "log_loss" => "mean cross-entropy of the predicted probabilities (lower is better)",
            "f1" => $"harmonic mean of precision and recall for class {schema.Classes[^1]}",
            "precision" =>
                $"share of rows predicted {schema.Classes[^1]} that are {schema.Classes[^1]}",
            "recall" => $"share of rows of class {schema.Classes[^1]} predicted so",
            "auc" => schema.Task == TaskKind.Binary
                ? "area under the ROC curve: chance that a positive row scores above a negative one"
                : "mean one-vs-rest area under the ROC curve",
            "macro_f1" => "F1 averaged over the classes, each counting the same",
            "mse" => $"mean squared error, in squared units of {schema.TargetName}",
            "rmse" => $"root mean squared error, in units of {schema.TargetName}",
            "mae" => $"mean absolute error, in units of {schema.TargetName}",
            "r2" => "coefficient of determination: share of the variance explained",
            _ => "",
        };

    private static void Confusion(HtmlReport report, long[,] counts, string[] classes)
    {
        var rows = new List<IReadOnlyList<string>>();
        for (int t = 0; t < classes.Length; t++)
        {
            long total = Enumerable.Range(0, classes.Length).Sum(p => counts[t, p]);
            var row = new List<string> { $"true {Escape(classes[t])}" };
            for (int p = 0; p < classes.Length; p++)
            {
                double share = total == 0 ? 0 : (double)counts[t, p] / total;
                string ink = share > 0.55 ? "#fff" : "#222";
                row.Add(
                    $"<span style=\"display:block;background:rgba(36,88,166,{Fixed(share, 3)});color:{ink};padding:2px 4px\">{Count(counts[t, p])}</span>"
                );
            }
            rows.Add(row);
        }
        report.Table(
            ["", .. classes.Select(c => $"predicted {Escape(c)}")],
            rows,
            "data confusion"
        );
    }
}
