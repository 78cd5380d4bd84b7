using System.Globalization;
using Mlp.Data;

namespace Mlp.Explain;

/// <summary>An interaction report as a ranked table, CSV, or the contract's `mlp-interactions/1` JSON.</summary>
internal static class InteractionOutput
{
    /// <summary>What the numbers are, per method: of a pair, and of one feature.</summary>
    public static (string Pair, string Overall) Measures(string method) =>
        method == "shap" ? ("mean |Φ_ab + Φ_ba|", "mean |φ − Φ_aa|") : ("H²_ab", "H²_a");

    public static void Write(
        InteractionReport report,
        ShapInteractions.Result? shap,
        string format,
        long seed,
        TextWriter output
    )
    {
        switch (format)
        {
            case "json":
                WriteJson(report, shap, seed, output);
                break;
            case "csv":
                output.Write("kind,feature_a,feature_b,value,size,rank\n");
                int rank = 1;
                foreach (var (a, b, value) in report.Ranked())
                {
                    string size = report.PairSizes is { } pairSizes ? Exact(pairSizes[a, b]) : "";
                    output.Write(
                        $"pair,{CsvText.Field(report.Features[a])},{CsvText.Field(report.Features[b])},{Exact(value)},{size},{rank++}\n"
                    );
                }
                foreach (int j in Order(report.Overall))
                {
                    string size = report.OverallSizes is { } overallSizes
                        ? Exact(overallSizes[j])
                        : "";
                    output.Write(
                        $"overall,{CsvText.Field(report.Features[j])},,{Exact(report.Overall[j])},{size},\n"
                    );
                }
                break;
            default:
                WriteTable(report, shap, output);
                break;
        }
    }

    private static void WriteTable(
        InteractionReport report,
        ShapInteractions.Result? shap,
        TextWriter output
    )
    {
        var (pair, overall) = Measures(report.Method);
        string method =
            report.Method == "shap" ? "exact SHAP interaction values" : "Friedman's H-statistic";
        output.WriteLine(
            $"interactions by {method}, over {report.Rows} rows (f = {report.Function})"
        );
        var sizes = report.PairSizes;
        var pairs = report
            .Ranked()
            .Select(
                (p, i) =>
                {
                    var cells = new List<string>
                    {
                        (i + 1).ToString(CultureInfo.InvariantCulture),
                        report.Features[p.A],
                        report.Features[p.B],
                        Short(p.Value),
                    };
                    if (sizes is not null)
                    {
                        cells.Add(Short(sizes[p.A, p.B]));
                    }
                    return (IReadOnlyList<string>)cells;
                }
            )
            .ToList();
        string[] sizeColumn = sizes is null ? [] : ["size"];
        ImportanceOutput.WriteGrid(
            ["rank", "feature a", "feature b", pair, .. sizeColumn],
            pairs,
            markdown: false,
            output
        );
        output.WriteLine();
        var features = Order(report.Overall)
            .Select(j =>
                (IReadOnlyList<string>)
                    [
                        report.Features[j],
                        Short(report.Overall[j]),
                        .. report.OverallSizes is { } overallSizes
                            ? [Short(overallSizes[j])]
                            : Array.Empty<string>(),
                    ]
            )
            .ToList();
        ImportanceOutput.WriteGrid(
            ["feature", overall, .. sizeColumn],
            features,
            markdown: false,
            output
        );
        output.WriteLine(
            report.Method == "shap"
                ? "mean |Φ_ab + Φ_ba|: how much of the rows' attributions a pair owes to acting together; mean |φ − Φ_aa|: the part of a feature's SHAP value owed to interactions"
                : "H²_ab: the share of the pair's joint partial dependence that is not the sum of their own; H²_a: the share of f's variance owed to a's interactions with all others"
        );
        if (sizes is not null)
        {
            output.WriteLine(
                "size: the root mean square of that non-additive part, in f's units; pairs are ranked by it, since a large H² with a small size is a large share of a negligible effect"
            );
        }
        if (shap is not null)
        {
            output.WriteLine(
                $"completeness gap |Σ Φ − (f(x) − E f)|: max {shap.Gaps.Max().ToString("G3", CultureInfo.InvariantCulture)}"
            );
        }
    }

    private static void WriteJson(
        InteractionReport report,
        ShapInteractions.Result? shap,
        long seed,
        TextWriter output
    ) =>
        JsonOutput.Document(
            output,
            "mlp-interactions/1",
            json =>
            {
                json.WriteString("method", report.Method);
                json.WriteString("function", report.Function);
                json.WriteNumber("rows", report.Rows);
                json.WriteNumber("seed", seed);
                json.WriteStringArray("features", report.Features);
                json.WriteStartArray("pairs");
                int rank = 1;
                foreach (var (a, b, value) in report.Ranked())
                {
                    json.WriteStartObject();
                    json.WriteString("a", report.Features[a]);
                    json.WriteString("b", report.Features[b]);
                    json.WriteNumber("value", value);
                    if (report.PairSizes is { } pairSizes)
                    {
                        json.WriteNumber("size", pairSizes[a, b]);
                    }
                    json.WriteNumber("rank", rank++);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteStartArray("overall");
                for (int j = 0; j < report.Features.Length; j++)
                {
                    json.WriteStartObject();
                    json.WriteString("feature", report.Features[j]);
                    json.WriteNumber("value", report.Overall[j]);
                    if (report.OverallSizes is { } overallSizes)
                    {
                        json.WriteNumber("size", overallSizes[j]);
                    }
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                if (shap is not null)
                {
                    json.WriteStartObject("completeness_gap");
                    json.WriteNumber("max", shap.Gaps.Max());
                    json.WriteNumber("mean", shap.Gaps.Average());
                    json.WriteEndObject();
                    WriteValues(json, shap, report.Features.Length, report.Rows);
                }
            }
        );

    /// <summary>Each row's M × M matrix of Φ_ij (its diagonal the main effects Φ_ii).</summary>
    private static void WriteValues(
        System.Text.Json.Utf8JsonWriter json,
        ShapInteractions.Result shap,
        int players,
        int rows
    )
    {
        json.WriteStartArray("values");
        for (int r = 0; r < rows; r++)
        {
            json.WriteStartArray();
            for (int i = 0; i < players; i++)
            {
                json.WriteStartArray();
                for (int j = 0; j < players; j++)
                {
                    json.WriteNumberValue(shap.Values[(r * players + i) * players + j]);
                }
                json.WriteEndArray();
            }
            json.WriteEndArray();
        }
        json.WriteEndArray();
    }

    private static IEnumerable<int> Order(double[] values) =>
        Enumerable.Range(0, values.Length).OrderByDescending(j => values[j]);

    private static string Short(double value) =>
        value.ToString("0.######", CultureInfo.InvariantCulture);

    private static string Exact(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
