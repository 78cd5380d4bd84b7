using System.CommandLine;
using System.Globalization;
using System.Text;
using Mlp.Cli.Warmup;
using Mlp.Data;
using Mlp.Metrics;
using Mlp.Model;

namespace Mlp.Cli.Commands;

/// <summary>`mlp predict MODEL [DATA|-]`: streams predictions as CSV on stdout.</summary>
internal static class PredictCommand
{
    private const int ChunkRows = 1024;

    public static Command Create(CliContext context)
    {
        var model = CommonOptions.Model();
        var data = CommonOptions.NotAnOption(
            new Argument<string>("DATA")
            {
                Description = "CSV to predict ('-' or nothing reads stdin)",
                DefaultValueFactory = _ => "-",
            }
        );
        var keep = new Option<bool>("--keep")
        {
            Description = "Write the input columns before the predictions",
        };
        var id = new Option<string?>("--id")
        {
            Description =
                "Write these input columns (e.g. an ID) before the predictions, e.g. --id customer_id[,region]",
        };
        var threshold = CommonOptions.Threshold();
        var positive = CommonOptions.Positive();
        var command = new Command(
            "predict",
            "Write predictions for each row of a CSV file as CSV on stdout"
        )
        {
            model,
            data,
            keep,
            id,
            threshold,
            positive,
        };
        command.SetAction(parse =>
        {
            var warmup = ForwardWarmup.Start();
            if (
                parse.GetValue(data) == "-"
                && context.StandardInput is null
                && !Console.IsInputRedirected
            )
            {
                context.Note("reading CSV from stdin (a header row, then rows; end with Ctrl-D)");
            }
            OptionParsing.OnlyWhere(
                parse,
                id,
                !parse.GetValue(keep),
                "without --keep (which writes every input column)"
            );
            var passed =
                parse.GetValue(keep) ? PassedColumns.All
                : parse.GetValue(id) is string names
                    ? PassedColumns.Named(OptionParsing.List(names))
                : PassedColumns.None;
            var loaded = CommonOptions.WithPositive(
                parse,
                positive,
                ModelFileReader.Load(parse.GetValue(model)!)
            );
            float cut = CommonOptions.Threshold(parse, threshold, loaded);
            warmup.Wait(context.Cancel);
            Run(loaded, parse.GetValue(data)!, passed, cut, context);
            return 0;
        });
        return command;
    }

    public static void Run(
        MlpModel model,
        string dataPath,
        PassedColumns passed,
        float threshold,
        CliContext context
    )
    {
        var schema = model.Schema;
        using var reader = FeatureRows.Open(
            dataPath,
            schema,
            readTarget: false,
            context.Error,
            context.StandardInput,
            dialect: context.Dialect
        );
        var predictor = new Predictor(model, ChunkRows);
        var inputs = new double[ChunkRows * schema.InputCount];
        var outputs = new float[ChunkRows * predictor.OutputWidth];
        var kept = new List<string>();
        var line = new StringBuilder();
        var output = context.Out;
        var outputColumns = OutputColumns(schema).ToArray();
        int[] columns = passed.Indices(reader.Headers, reader.File);
        bool keep = columns.Length > 0;
        foreach (int column in columns)
        {
            // An input column named like an output column is written as input_NAME: never twice.
            string header = reader.Headers[column];
            string name = outputColumns.Contains(CsvText.Field(header))
                ? $"input_{header}"
                : header;
            line.Append(CsvText.Field(name)).Append(',');
        }
        output.Write(line.Append(string.Join(",", outputColumns)).Append('\n'));
        int rows;
        while (
            (
                rows = reader.Read(
                    inputs,
                    default,
                    ChunkRows,
                    keep ? () => kept.Add(KeptFields(reader, columns)) : null
                )
            ) > 0
        )
        {
            context.Cancel.ThrowIfCancellationRequested();
            predictor.Predict(inputs, rows, outputs);
            for (int r = 0; r < rows; r++)
            {
                line.Clear();
                if (keep)
                {
                    line.Append(kept[r]);
                }
                AppendPrediction(
                    line,
                    schema,
                    outputs.AsSpan(r * predictor.OutputWidth, predictor.OutputWidth),
                    threshold
                );
                output.Write(line.Append('\n'));
            }
            kept.Clear();
            output.Flush();
        }
    }

    /// <summary>regression: prediction; binary: p_&lt;positive class&gt;,label; multiclass: p_&lt;class&gt;…,label.</summary>
    public static IEnumerable<string> OutputColumns(Schema schema) =>
        schema.Task switch
        {
            TaskKind.Regression => ["prediction"],
            TaskKind.Binary => [CsvText.Field($"p_{schema.PositiveClass}"), "label"],
            _ => schema.Classes.Select(name => CsvText.Field($"p_{name}")).Append("label"),
        };

    private static void AppendPrediction(
        StringBuilder line,
        Schema schema,
        ReadOnlySpan<float> outputs,
        float threshold
    )
    {
        foreach (float value in outputs)
        {
            line.Append(value.ToString(CultureInfo.InvariantCulture)).Append(',');
        }
        if (schema.Task == TaskKind.Regression)
        {
            line.Length--;
            return;
        }
        line.Append(
            CsvText.Field(schema.Classes[Scoring.PredictedClass(schema.Task, outputs, threshold)])
        );
    }

    private static string KeptFields(IFeatureRows reader, int[] columns)
    {
        var fields = new StringBuilder();
        reader.AppendFields(columns, fields);
        return fields.ToString();
    }
}
