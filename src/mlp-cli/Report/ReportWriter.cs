using Mlp.Explain;
using static Mlp.Cli.Report.HtmlText;

namespace Mlp.Cli.Report;

/// <summary>Computes the chosen sections in page order and renders the page.</summary>
internal static class ReportWriter
{
    public static string Build(
        ReportData data,
        IReadOnlyCollection<string> sections,
        string title,
        string modelName,
        Action<string> note
    )
    {
        var report = new HtmlReport();
        var progress = data.Progress;
        IReadOnlyList<ImportanceReport>? importance = null;
        var leftOut = new List<string>();
        if (sections.Contains("importance"))
        {
            importance = ImportanceSection.Compute(data, note, leftOut);
        }
        else if (sections.Intersect(["dependence", "interactions", "regions"]).Any())
        {
            data.Ranking = ImportanceSection.Ranking(data);
        }
        foreach (string section in sections)
        {
            switch (section)
            {
                case "model":
                    ModelSection.Write(report, data);
                    break;
                case "metrics":
                    progress.Stage("metrics", 1);
                    MetricsSection.Write(report, data);
                    break;
                case "importance":
                    ImportanceSection.Write(report, data, importance!, leftOut);
                    break;
                case "dependence":
                    progress.Stage(
                        "partial dependence",
                        DependenceSection.Features * ImportanceOptions.DefaultGrid
                    );
                    DependenceSection.Write(report, data);
                    break;
                case "interactions":
                    InteractionsSection.Write(report, data);
                    break;
                case "weights":
                    WeightsSection.Write(report, data);
                    break;
                case "regions":
                    RegionsSection.Write(report, data);
                    break;
            }
        }
        string subtitle =
            $"{Escape(ModelSection.Task(data.Schema))} · model {Escape(modelName)} · data {Escape(data.DataName)}, {Count(data.All.Rows)} rows · seed {data.Seed} · written by mlp {Escape(CommandLine.Version)}";
        return report.Render(title, subtitle);
    }
}
