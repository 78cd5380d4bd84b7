using System.CommandLine;
using System.Globalization;
using Mlp.Cli.Data;
using Mlp.Cli.Explain;
using Mlp.Cli.Model;

namespace Mlp.Cli.Commands;

/// <summary>What importance, pdp and interactions share: which rows, which background, which class.</summary>
internal static class ExplainInputs
{
    /// <summary>--class: the multiclass class whose probability is explained.</summary>
    public static Option<string?> ClassOption(string whenAbsent) =>
        new("--class")
        {
            Description =
                $"Multiclass: the class whose probability is explained [default: {whenAbsent}]",
        };

    /// <summary>--background of the SHAP methods.</summary>
    public static Option<string> BackgroundOption(string method) =>
        new("--background")
        {
            Description = $"{method}: N random rows of DATA, or a CSV file of background rows",
            DefaultValueFactory = _ => "100",
        };

    /// <summary>
    /// The rows to explain and their indices in <paramref name="data"/>: all of them, or a
    /// seeded sample of N (<paramref name="rows"/> absent: all up to <paramref name="defaultLimit"/>).
    /// </summary>
    public static (ExplainData Rows, int[] Indices) Sample(
        ExplainData data,
        string? rows,
        int defaultLimit,
        long seed,
        ulong stream
    )
    {
        int limit = rows switch
        {
            null => defaultLimit,
            "all" => data.Rows,
            _ => int.TryParse(rows, NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            && n > 0
                ? n
                : throw new UsageException($"--rows '{rows}' is not a positive number or 'all'"),
        };
        if (limit >= data.Rows)
        {
            return (data, [.. Enumerable.Range(0, data.Rows)]);
        }
        var indices = RowSample.Take(data.Rows, limit, Rng.For(seed, stream));
        return (data.Subset(indices), indices);
    }

    /// <summary>The file --background names, or null for a row count.</summary>
    public static string? BackgroundFile(string background) =>
        int.TryParse(background, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            ? null
            : background;

    /// <summary>The background rows (inputs in source units): N seeded rows of the data, or a file's rows.</summary>
    public static double[] BackgroundRows(
        MlpModel model,
        ExplainData all,
        string background,
        long seed,
        CliContext context
    )
    {
        if (
            int.TryParse(background, NumberStyles.None, CultureInfo.InvariantCulture, out int count)
        )
        {
            OptionParsing.Check(count >= 1, "--background must be at least 1 row");
            var rows = RowSample.Take(all.Rows, count, Rng.For(seed, RngStream.Background));
            return all.Subset(rows).Inputs;
        }
        return LabelledRows.Read(model.Schema, background, readTarget: false, context).Inputs;
    }

    /// <summary>The --class name's index, or null when not given.</summary>
    public static int? ClassIndex(Schema schema, string? name)
    {
        if (name is null)
        {
            return null;
        }
        if (schema.Task != TaskKind.Multiclass)
        {
            throw new UsageException("--class applies to multiclass models only");
        }
        int index = Array.IndexOf(schema.Classes, name);
        return index >= 0
            ? index
            : throw new UsageException(
                $"--class '{name}' is not one of the model's classes: {TextList.Of(schema.Classes)}"
            );
    }
}
