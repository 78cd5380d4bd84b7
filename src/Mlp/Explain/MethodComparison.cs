using System.Text;

namespace Mlp.Explain;

/// <summary>
/// `--method all`: every method that applies to the model, each scaled so that its
/// |importances| sum to 1 (a signed method keeps its signs), side by side with a rank per
/// method; the table's rows (text, markdown, CSV) follow the first method's ranking, the JSON's
/// the model's order.
/// </summary>
internal static class MethodComparison
{
    /// <summary>
    /// Every method's normalized report; <paramref name="leaveOut"/> may name a reason to
    /// leave a method out (said through <paramref name="note"/>, as garson's on deeper networks).
    /// </summary>
    public static IReadOnlyList<ImportanceReport> Run(
        ExplainData data,
        ImportanceOptions options,
        Action<string> note,
        Func<string, string?>? leaveOut = null
    )
    {
        var reports = new List<ImportanceReport>();
        foreach (var name in ImportanceOptions.Methods.Where(m => m != "all"))
        {
            if (name == "garson" && data.Model.Network.Layers.Length != 2)
            {
                note("garson left out: it is defined for one hidden layer only");
                continue;
            }
            if (leaveOut?.Invoke(name) is string reason)
            {
                note($"{name} left out: {reason}");
                continue;
            }
            reports.Add(Normalized(options.Create(name).Compute(data)));
        }
        return reports;
    }

    private static ImportanceReport Normalized(ImportanceReport report)
    {
        double total = report.Features.Sum(f => Math.Abs(f.Importance));
        double scale = total == 0 ? 0 : 1 / total;
        return new ImportanceReport
        {
            Method = report.Method,
            Metric = report.Metric,
            BaselineScore = report.BaselineScore,
            CompletenessGap = report.CompletenessGap,
            RanksBySign = report.RanksBySign,
            Features = report
                .Features.Select(f =>
                    f with
                    {
                        Importance = f.Importance * scale,
                        Std = f.Std * scale,
                        SignedMean = f.SignedMean * scale,
                    }
                )
                .ToArray(),
        };
    }

    public static void Write(
        IReadOnlyList<ImportanceReport> reports,
        string format,
        int rows,
        long seed,
        TextWriter output
    )
    {
        var names = reports[0].Features.Select(f => f.Name).ToArray();
        var ranks = reports.Select(r => r.Ranks()).ToArray();
        if (format == "json")
        {
            WriteJson(reports, names, ranks, rows, seed, output);
            return;
        }
        var header = new List<string> { "feature" };
        header.AddRange(reports.Select(r => r.Method));
        int[] order = reports[0].Order();
        var cells = order
            .Select(i =>
                (IReadOnlyList<string>)
                    new[] { names[i] }
                        .Concat(
                            reports.Select(
                                (r, m) =>
                                    $"{ImportanceOutput.Number(Math.Round(r.Features[i].Importance, 4))} ({ranks[m][i]})"
                            )
                        )
                        .ToList()
            )
            .ToList();
        if (format == "csv")
        {
            output.Write(
                "feature,"
                    + string.Join(",", reports.Select(r => $"{r.Method},{r.Method}_rank"))
                    + "\n"
            );
            foreach (int i in order)
            {
                var line = new StringBuilder(Data.CsvText.Field(names[i]));
                for (int m = 0; m < reports.Count; m++)
                {
                    line.Append(',')
                        .Append(ImportanceOutput.Number(reports[m].Features[i].Importance))
                        .Append(',')
                        .Append(ranks[m][i]);
                }
                output.Write(line.Append('\n'));
            }
            return;
        }
        string title =
            $"importance by every method, each scaled so its absolute values sum to 1 (signs kept); rows ranked by {reports[0].Method}, each method's rank in brackets";
        output.WriteLine(format == "markdown" ? $"**{title}**\n" : title);
        ImportanceOutput.WriteGrid(header, cells, format == "markdown", output);
    }

    private static void WriteJson(
        IReadOnlyList<ImportanceReport> reports,
        string[] names,
        int[][] ranks,
        int rows,
        long seed,
        TextWriter output
    ) =>
        JsonOutput.Document(
            output,
            "mlp-importance/1",
            json =>
            {
                json.WriteString("method", "all");
                json.WriteNumber("rows", rows);
                json.WriteNumber("seed", seed);
                json.WriteStringArray("methods", reports.Select(r => r.Method));
                json.WriteStartArray("features");
                for (int i = 0; i < names.Length; i++)
                {
                    json.WriteStartObject();
                    json.WriteString("name", names[i]);
                    for (int m = 0; m < reports.Count; m++)
                    {
                        json.WriteNumber(reports[m].Method, reports[m].Features[i].Importance);
                        json.WriteNumber(reports[m].Method + "_rank", ranks[m][i]);
                    }
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
        );
}
