using System.CommandLine;
using Mlp.Model;

namespace Mlp.Cli.Commands;

/// <summary>Options several commands share, one definition each.</summary>
internal static class CommonOptions
{
    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "Show the full details of an unexpected failure",
        Recursive = true,
    };

    /// <summary>--decimal, on every command that reads CSV: the decimal mark of its numbers.</summary>
    public static readonly Option<string> Decimal = new("--decimal")
    {
        Description =
            "The decimal mark of the CSV's numbers: '.' or ',' (as Excel writes in comma-decimal locales, usually with --delimiter ';')",
        DefaultValueFactory = _ => ".",
        Recursive = true,
    };

    /// <summary>--delimiter, on every command that reads CSV: the field separator instead of the detected one.</summary>
    public static readonly Option<string?> Delimiter = new("--delimiter")
    {
        Description = "The CSV's field separator, one character or 'tab' [default: detected]",
        Recursive = true,
    };

    /// <summary>--progress, on every command: how long work shows how far it is.</summary>
    public static readonly Option<string> Progress = new("--progress")
    {
        Description =
            "auto: bars on a terminal, a plain line every few seconds otherwise; plain: those lines always (logs, batch jobs); none: nothing",
        DefaultValueFactory = _ => "auto",
        Recursive = true,
    };

    /// <summary>--progress into the run's choice; a usage error for another value.</summary>
    public static void SetProgress(ParseResult parse, ProgressChoice choice)
    {
        string name = parse.GetValue(Progress)!;
        int at = Array.IndexOf(ProgressChoice.Names, name);
        OptionParsing.Check(
            at >= 0,
            $"--progress '{name}' is not one of: {string.Join(", ", ProgressChoice.Names)}"
        );
        choice.Mode = (ProgressMode)at;
    }

    /// <summary>Commands that read no CSV: --decimal and --delimiter would do nothing there.</summary>
    private static readonly string[] ReadNoCsv =
    [
        "weights",
        "info",
        "export",
        "heatmap",
        "network",
        "demo",
    ];

    /// <summary>--decimal and --delimiter into the dialect the readers use; usage errors for values they cannot be.</summary>
    public static void SetDialect(ParseResult parse, Data.CsvDialect dialect)
    {
        bool readsCsv = !ReadNoCsv.Contains(parse.CommandResult.Command.Name);
        OptionParsing.OnlyWhere(parse, Decimal, readsCsv, "to commands that read CSV");
        OptionParsing.OnlyWhere(parse, Delimiter, readsCsv, "to commands that read CSV");
        string mark = parse.GetValue(Decimal)!;
        OptionParsing.Check(mark is "." or ",", $"--decimal '{mark}' must be '.' or ','");
        dialect.DecimalComma = mark == ",";
        if (parse.GetValue(Delimiter) is not string delimiter)
        {
            return;
        }
        string given = delimiter is "tab" or "\\t" ? "\t" : delimiter;
        OptionParsing.Check(
            given.Length == 1 && given[0] is not ('"' or '\n' or '\r'),
            $"--delimiter '{delimiter}' must be one character (or 'tab'), not a quote or line break"
        );
        OptionParsing.Check(
            !(dialect.DecimalComma && given[0] == ','),
            "--delimiter ',' cannot go with --decimal ',': a number's comma would split it"
        );
        dialect.Delimiter = given[0];
    }

    public static Option<bool> Quiet() =>
        new("--quiet", "-q") { Description = "No progress on stderr" };

    public static Option<bool> Json(string what) =>
        new("--json") { Description = $"Write {what} as one JSON document on stdout" };

    public static Option<long> Seed() =>
        new("--seed")
        {
            Description = "Seed of every random choice",
            DefaultValueFactory = _ => Rng.DefaultSeed,
        };

    /// <summary>
    /// --rows of importance, pdp, interactions and report: N rows sampled with --seed, or all.
    /// Checked as the command line is parsed, before any data is read.
    /// </summary>
    public static Option<string> Rows(string description)
    {
        var rows = new Option<string>("--rows") { Description = description };
        rows.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (!IsRowCount(token.Value))
                {
                    result.AddError($"--rows '{token.Value}' is not a positive number or 'all'");
                }
            }
        });
        return rows;
    }

    /// <summary>
    /// --shard K/N or auto: do shard K of N (K from 0), whose output `mlp merge` puts back
    /// together with the others'. The form is checked as the command line is parsed.
    /// </summary>
    public static Option<string?> Shard()
    {
        var shard = new Option<string?>("--shard")
        {
            Description =
                "Do shard K of N (K from 0): its share of the rows, combinations, folds or shuffles; `mlp merge` puts the shards' outputs together. auto: a Slurm array task's SLURM_ARRAY_TASK_ID of SLURM_ARRAY_TASK_COUNT, or a Kubernetes JOB_COMPLETION_INDEX of --shard-count",
        };
        shard.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (token.Value != "auto" && Mlp.Data.Shard.Parse(token.Value) is null)
                {
                    result.AddError(
                        $"--shard '{token.Value}' is not K/N with 0 ≤ K < N (e.g. 0/4) or auto"
                    );
                }
            }
        });
        return shard;
    }

    /// <summary>"all", or a whole number of rows above 0.</summary>
    public static bool IsRowCount(string text) =>
        text == "all"
        || (
            int.TryParse(
                text,
                System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture,
                out int n
            )
            && n > 0
        );

    public static Argument<string> Model() =>
        NotAnOption(new("MODEL") { Description = "Model file written by `mlp train`" });

    public static Argument<string> Data(string description) =>
        NotAnOption(new("DATA") { Description = description });

    /// <summary>A file argument that looks like an option (`--frobnicate`, but not `-` for stdin) is an unknown option, not a file name.</summary>
    public static Argument<string> NotAnOption(Argument<string> argument)
    {
        argument.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (token.Value.Length > 1 && token.Value[0] == '-')
                {
                    result.AddError($"unrecognized option '{token.Value}'");
                }
            }
        });
        return argument;
    }

    /// <summary>--positive of train, predict and eval (scikit-learn's pos_label).</summary>
    public static Option<string?> Positive() =>
        new("--positive")
        {
            Description =
                "Binary: the positive class, whose probability is reported and which f1, precision, recall and auc count [default: the model's, the second class in sorted order]",
        };

    /// <summary>
    /// The model with --positive's class as its positive one (binary): the same model when it
    /// already is; else the last layer negated (σ(−z) = 1 − σ(z), exactly) and the classes
    /// swapped. A usage error for a model that is not binary or a class it does not have.
    /// </summary>
    public static MlpModel WithPositive(ParseResult parse, Option<string?> positive, MlpModel model)
    {
        if (parse.GetValue(positive) is not string name)
        {
            return model;
        }
        var schema = model.Schema;
        int at = Schema.PositiveIndex(schema.Task, schema.Classes, name, "model");
        return at == 1 ? model : model.WithNegatedOutput();
    }

    /// <summary>--threshold of predict and eval.</summary>
    public static Option<float> Threshold() =>
        new("--threshold")
        {
            Description = "Binary: probability at or above which the label is the positive class",
            DefaultValueFactory = _ => 0.5f,
        };

    /// <summary>The --threshold value, checked: a probability, and given only for a binary model.</summary>
    public static float Threshold(ParseResult parse, Option<float> threshold, MlpModel model)
    {
        float cut = parse.GetValue(threshold);
        OptionParsing.Check(
            cut is >= 0 and <= 1,
            $"--threshold {cut} must be a probability in [0, 1]"
        );
        OptionParsing.OnlyWhere(
            parse,
            threshold,
            model.Schema.Task == TaskKind.Binary,
            "to binary models"
        );
        return cut;
    }

    /// <summary>-o FILE.png for the picture commands.</summary>
    public static Option<string> PictureOutput(string example) =>
        new("--output", "-o")
        {
            Description = $"The picture to write, PNG or SVG by its extension, e.g. {example}",
            Required = true,
        };
}
