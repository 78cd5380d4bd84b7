using System.CommandLine;
using System.Globalization;
using Mlp.Cli.Plot;
using Mlp.Data;
using Mlp.Explain;
using Mlp.Model;

namespace Mlp.Cli.Commands;

/// <summary>What importance, pdp and interactions share: which rows, which background, which class.</summary>
internal static class ExplainInputs
{
    /// <summary>--format other than json beside --json is a contradiction, not a choice.</summary>
    public static void CheckFormat(ParseResult parse, Option<string> format, Option<bool> json) =>
        OptionParsing.OnlyWhere(
            parse,
            format,
            !parse.GetValue(json) || parse.GetValue(format) == "json",
            "without --json (which is --format json)"
        );

    /// <summary>
    /// Notes the files the explanation reads (MODEL, DATA, a --background file) and plans the
    /// optional --plot picture, so no output can overwrite an input.
    /// </summary>
    public static PlannedOutput? PlanFiles(
        OutputPlan outputs,
        string modelPath,
        string dataPath,
        string? backgroundFile,
        string? plotPath
    )
    {
        outputs.Input("model", modelPath);
        outputs.Input("data", dataPath);
        outputs.Input("--background file", backgroundFile);
        return plotPath is null ? null : ImageFile.Plan(outputs, "--plot", plotPath);
    }

    /// <summary>DATA's rows as the model reads them (its target not needed).</summary>
    public static ExplainData Unlabelled(MlpModel model, string path, CliContext context) =>
        ExplainData.Unlabelled(model, path, context.Reading);

    /// <summary>
    /// DATA's rows (in their units, with targets and any weights) as one set, counting their
    /// work on <paramref name="progress"/>, and the --rows sample of them to explain.
    /// </summary>
    public static (ExplainData All, ExplainData Explained) Labelled(
        MlpModel model,
        LabelledData read,
        string? rows,
        long seed,
        CliContext context,
        WorkCounter progress
    )
    {
        var all = new ExplainData(model, read.Inputs, read.Targets)
        {
            Cancel = context.Cancel,
            Progress = progress,
            Weights = read.Weights,
        };
        var (explained, _) = Sample(
            all,
            rows,
            ImportanceOptions.DefaultRows,
            seed,
            RngStream.ExplainRows
        );
        return (all, explained);
    }

    /// <summary>--class: the multiclass class whose probability is explained.</summary>
    public static Option<string?> ClassOption(string whenAbsent) =>
        new("--class")
        {
            Description =
                $"Multiclass: the class whose probability is explained [default: {whenAbsent}]",
        };

    /// <summary>
    /// --background of the SHAP methods: a row count, or a file. A value that reads as a number
    /// must be a whole count above 0, checked as the command line is parsed.
    /// </summary>
    public static Option<string> BackgroundOption(string method)
    {
        var background = new Option<string>("--background")
        {
            Description = $"{method}: N random rows of DATA, or a CSV file of background rows",
            DefaultValueFactory = _ => "100",
        };
        background.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                bool numeric = double.TryParse(
                    token.Value,
                    NumberStyles.Float,
                    CultureInfo.InvariantCulture,
                    out _
                );
                if (numeric && !CommonOptions.IsRowCount(token.Value))
                {
                    result.AddError(
                        $"--background '{token.Value}' is neither a row count of at least 1 nor a file"
                    );
                }
            }
        });
        return background;
    }

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
            _ => int.Parse(rows, NumberStyles.None, CultureInfo.InvariantCulture), // checked by CommonOptions.Rows
        };
        return data.Sample(limit, seed, stream);
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
            var rows = RowSample.Take(all.Rows, count, Rng.For(seed, RngStream.Background));
            return all.Subset(rows).Inputs;
        }
        return LabelledRows
            .Read(model.Schema, background, readTarget: false, context.Reading)
            .Inputs;
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
