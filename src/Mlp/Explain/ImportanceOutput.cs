using System.Globalization;

namespace Mlp.Explain;

/// <summary>An importance report as a table, CSV, Markdown or the contract's `mlp-importance/1` JSON.</summary>
internal static class ImportanceOutput
{
    public static void Write(
        ImportanceReport report,
        string format,
        int rows,
        int? repeats,
        long seed,
        TextWriter output
    )
    {
        var ranks = report.Ranks();
        switch (format)
        {
            case "json":
                WriteJson(report, ranks, rows, repeats, seed, output);
                break;
            case "csv":
                var classes = report.ClassNames ?? [];
                output.Write("feature,importance,std,signed_mean,rank");
                output.Write(
                    string.Concat(classes.Select(c => "," + Data.CsvText.Field($"class_{c}")))
                );
                output.Write('\n');
                for (int i = 0; i < report.Features.Count; i++)
                {
                    var f = report.Features[i];
                    output.Write(
                        $"{Data.CsvText.Field(f.Name)},{Number(f.Importance)},{Number(f.Std)},{Number(f.SignedMean)},{ranks[i]}"
                    );
                    output.Write(string.Concat((f.PerClass ?? []).Select(v => "," + Number(v))));
                    output.Write('\n');
                }
                break;
            default:
                WriteTable(report, ranks, format == "markdown", output);
                break;
        }
    }

    private static void WriteTable(
        ImportanceReport report,
        int[] ranks,
        bool markdown,
        TextWriter output
    )
    {
        bool hasStd = report.Features.Any(f => f.Std is not null);
        bool hasSigned = report.Features.Any(f => f.SignedMean is not null);
        var header = new List<string> { "rank", "feature", "importance" };
        if (hasStd)
        {
            header.Add("std");
        }
        if (hasSigned)
        {
            header.Add("signed mean");
        }
        var classes = report.ClassNames ?? [];
        header.AddRange(classes.Select(c => $"class {c}"));
        var lines = Enumerable
            .Range(0, report.Features.Count)
            .OrderBy(i => ranks[i])
            .Select(i =>
            {
                var f = report.Features[i];
                var cells = new List<string>
                {
                    ranks[i].ToString(CultureInfo.InvariantCulture),
                    f.Name,
                    Number(f.Importance),
                };
                if (hasStd)
                {
                    cells.Add(Number(f.Std));
                }
                if (hasSigned)
                {
                    cells.Add(Number(f.SignedMean));
                }
                cells.AddRange((f.PerClass ?? []).Select(v => Number(v)));
                return cells;
            })
            .ToList();
        string title = report.Metric is null
            ? $"importance by {report.Method}"
                + (classes.Count > 0 ? " (mean |value| over classes, then each class)" : "")
            : $"importance by {report.Method} ({report.Metric}, baseline {Number(report.BaselineScore)})";
        output.WriteLine(markdown ? $"**{title}**\n" : title);
        WriteGrid(header, lines, markdown, output);
        if (report.CompletenessGap is { } gap)
        {
            output.WriteLine(
                $"completeness gap |Σ IG − (f(z) − f(z0))|: max {Number(gap.Max)}, mean {Number(gap.Mean)}"
            );
        }
    }

    /// <summary>Left-aligned text columns; Markdown pipes when asked.</summary>
    public static void WriteGrid(
        IReadOnlyList<string> header,
        IReadOnlyList<IReadOnlyList<string>> rows,
        bool markdown,
        TextWriter output
    )
    {
        var widths = header
            .Select((h, c) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[c].Length)))
            .ToArray();
        string Line(IReadOnlyList<string> cells) =>
            markdown
                ? "| "
                    + string.Join(" | ", cells.Select((cell, c) => cell.PadRight(widths[c])))
                    + " |"
                : string.Join("  ", cells.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd();
        output.WriteLine(Line(header));
        if (markdown)
        {
            output.WriteLine(
                "| " + string.Join(" | ", widths.Select(w => new string('-', w))) + " |"
            );
        }
        foreach (var row in rows)
        {
            output.WriteLine(Line(row));
        }
    }

    private static void WriteJson(
        ImportanceReport report,
        int[] ranks,
        int rows,
        int? repeats,
        long seed,
        TextWriter output
    ) =>
        JsonOutput.Document(
            output,
            "mlp-importance/1",
            json =>
            {
                json.WriteString("method", report.Method);
                if (report.Metric is null)
                {
                    json.WriteNull("metric");
                }
                else
                {
                    json.WriteString("metric", report.Metric);
                }
                JsonOutput.NumberOrNull(json, "baseline_score", report.BaselineScore);
                JsonOutput.NumberOrNull(json, "repeats", repeats);
                json.WriteNumber("rows", rows);
                json.WriteNumber("seed", seed);
                if (report.CompletenessGap is { } gap)
                {
                    json.WriteStartObject("completeness_gap");
                    json.WriteNumber("max", gap.Max);
                    json.WriteNumber("mean", gap.Mean);
                    json.WriteEndObject();
                }
                json.WriteStartArray("features");
                for (int i = 0; i < report.Features.Count; i++)
                {
                    var f = report.Features[i];
                    json.WriteStartObject();
                    json.WriteString("name", f.Name);
                    JsonOutput.NumberOrNull(json, "importance", f.Importance);
                    JsonOutput.NumberOrNull(json, "std", f.Std);
                    JsonOutput.NumberOrNull(json, "signed_mean", f.SignedMean);
                    json.WriteNumber("rank", ranks[i]);
                    if (f.PerClass is { } perClass)
                    {
                        json.WriteStartObject("per_class");
                        for (int k = 0; k < perClass.Length; k++)
                        {
                            json.WriteNumber(report.ClassNames![k], perClass[k]);
                        }
                        json.WriteEndObject();
                    }
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
        );

    public static string Number(double? value) =>
        value is double v ? v.ToString("0.######", CultureInfo.InvariantCulture) : "";
}
