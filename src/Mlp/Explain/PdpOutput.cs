using System.Globalization;
using System.Text.Json;
using Mlp.Data;

namespace Mlp.Explain;

/// <summary>
/// A partial dependence as a table (the average and the spread of the ICE curves per grid
/// point), CSV (one line per grid point, every curve a column) or the contract's `mlp-pdp/1` JSON.
/// </summary>
internal static class PdpOutput
{
    /// <param name="rowNumbers">Each ICE curve's row: its 1-based position among DATA's rows.</param>
    public static void Write(
        PdpResult result,
        string format,
        bool showAverage,
        bool centered,
        int[] rowNumbers,
        string? className,
        TextWriter output
    )
    {
        switch (format)
        {
            case "json":
                WriteJson(result, centered, className, output);
                break;
            case "csv":
                WriteCsv(result, showAverage, rowNumbers, output);
                break;
            default:
                WriteTable(result, showAverage, centered, output);
                break;
        }
    }

    private static void WriteTable(
        PdpResult result,
        bool showAverage,
        bool centered,
        TextWriter output
    )
    {
        var header = result.Axes.Select(a => a.Name).ToList();
        if (showAverage)
        {
            header.Add("average");
        }
        bool spread = result.Individual is not null;
        if (spread)
        {
            header.AddRange(["ice p10", "ice median", "ice p90"]);
        }
        var lines = new List<IReadOnlyList<string>>();
        var column = new double[result.Rows];
        for (int p = 0; p < result.Points; p++)
        {
            var cells = Labels(result.Axes, p, "G6").ToList();
            if (showAverage)
            {
                cells.Add(Short(result.Average[p]));
            }
            if (result.Individual is { } individual)
            {
                for (int r = 0; r < column.Length; r++)
                {
                    column[r] = individual[r, p];
                }
                Array.Sort(column);
                cells.AddRange([
                    .. new[] { 0.1, 0.5, 0.9 }.Select(q => Short(Percentile(column, q))),
                ]);
            }
            lines.Add(cells);
        }
        string of = string.Join(" and ", result.Axes.Select(a => a.Name));
        output.WriteLine(
            $"partial dependence of {result.Function} on {of}, over {result.Rows} rows"
                + (centered ? ", centered at the first grid point" : "")
        );
        ImportanceOutput.WriteGrid(header, lines, markdown: false, output);
        if (spread)
        {
            output.WriteLine(
                "ice: the 10th, 50th and 90th percentile of the rows' curves at each grid point (--format csv or json for every curve)"
            );
        }
    }

    private static void WriteCsv(
        PdpResult result,
        bool showAverage,
        int[] rowNumbers,
        TextWriter output
    )
    {
        var header = result.Axes.Select(a => CsvText.Field(a.Name)).ToList();
        if (showAverage)
        {
            header.Add("average");
        }
        if (result.Individual is not null)
        {
            header.AddRange(rowNumbers.Select(n => $"row_{n}"));
        }
        output.Write(string.Join(',', header));
        output.Write('\n');
        for (int p = 0; p < result.Points; p++)
        {
            output.Write(string.Join(',', Labels(result.Axes, p).Select(CsvText.Field)));
            if (showAverage)
            {
                output.Write(',');
                output.Write(Exact(result.Average[p]));
            }
            if (result.Individual is { } individual)
            {
                for (int r = 0; r < result.Rows; r++)
                {
                    output.Write(',');
                    output.Write(Exact(individual[r, p]));
                }
            }
            output.Write('\n');
        }
    }

    private static void WriteJson(
        PdpResult result,
        bool centered,
        string? className,
        TextWriter output
    ) =>
        JsonOutput.Document(
            output,
            "mlp-pdp/1",
            json =>
            {
                json.WriteStringArray("features", result.Axes.Select(a => a.Name));
                json.WriteStartArray("categorical");
                foreach (var axis in result.Axes)
                {
                    json.WriteBooleanValue(axis.IsCategorical);
                }
                json.WriteEndArray();
                json.WriteStartArray("grid");
                foreach (var axis in result.Axes)
                {
                    json.WriteStartArray();
                    for (int i = 0; i < axis.Count; i++)
                    {
                        if (axis.Categories is not null)
                        {
                            json.WriteStringValue(axis.Label(i));
                        }
                        else
                        {
                            json.WriteNumberValue(axis.Values[i]);
                        }
                    }
                    json.WriteEndArray();
                }
                json.WriteEndArray();
                json.WritePropertyName("average");
                Curve(json, result, p => result.Average[p]);
                if (result.Individual is { } individual)
                {
                    json.WriteStartArray("individual");
                    for (int r = 0; r < result.Rows; r++)
                    {
                        Curve(json, result, p => individual[r, p]);
                    }
                    json.WriteEndArray();
                }
                else
                {
                    json.WriteNull("individual");
                }
                json.WriteString("function", result.Function);
                if (className is null)
                {
                    json.WriteNull("class");
                }
                else
                {
                    json.WriteString("class", className);
                }
                json.WriteNumber("rows", result.Rows);
                json.WriteBoolean("centered", centered);
            }
        );

    /// <summary>One curve: a list over the grid, or for two features a list (first axis) of lists.</summary>
    private static void Curve(Utf8JsonWriter json, PdpResult result, Func<int, double> value)
    {
        int inner = result.Axes.Length == 2 ? result.Axes[1].Count : result.Points;
        json.WriteStartArray();
        for (int p = 0; p < result.Points; p++)
        {
            if (result.Axes.Length == 2 && p % inner == 0)
            {
                json.WriteStartArray();
            }
            json.WriteNumberValue(value(p));
            if (result.Axes.Length == 2 && p % inner == inner - 1)
            {
                json.WriteEndArray();
            }
        }
        json.WriteEndArray();
    }

    /// <summary>Each axis's value at a grid point (first axis outer).</summary>
    private static IEnumerable<string> Labels(
        PdpAxis[] axes,
        int point,
        string numberFormat = "R"
    ) =>
        axes.Length == 1
            ? [axes[0].Label(point, numberFormat)]
            :
            [
                axes[0].Label(point / axes[1].Count, numberFormat),
                axes[1].Label(point % axes[1].Count, numberFormat),
            ];

    /// <summary>Linear interpolation between the closest ranks of sorted values (numpy's default).</summary>
    private static double Percentile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int low = (int)Math.Floor(position);
        int high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }

    private static string Short(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private static string Exact(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
