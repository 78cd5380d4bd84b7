using System.CommandLine;
using Mlp.Data;
using Mlp.Metrics;
using Mlp.Model;

namespace Mlp.Cli.Commands;

/// <summary>`mlp eval MODEL DATA`: the model's metrics on labelled data.</summary>
internal static class EvalCommand
{
    public static Command Create(CliContext context)
    {
        var model = CommonOptions.Model();
        var data = CommonOptions.Data("Labelled CSV with the model's feature and target columns");
        var threshold = CommonOptions.Threshold();
        var positive = CommonOptions.Positive();
        var json = CommonOptions.Json("the metrics");
        var sampleWeight = new Option<string?>("--sample-weight")
        {
            Description = "A column of per-row weights (≥ 0): every metric weighs the rows by it",
        };
        var command = new Command("eval", "Report the model's metrics on labelled data")
        {
            model,
            data,
            threshold,
            positive,
            sampleWeight,
            json,
        };
        command.SetAction(parse =>
        {
            var loaded = CommonOptions.WithPositive(
                parse,
                positive,
                ModelFileReader.Load(parse.GetValue(model)!)
            );
            float cut = CommonOptions.Threshold(parse, threshold, loaded);
            var (rows, metrics) = Evaluator.Evaluate(
                loaded,
                parse.GetValue(data)!,
                cut,
                context.Reading,
                parse.GetValue(sampleWeight)
            );
            Write(loaded.Schema, rows, metrics, parse.GetValue(json), context.Out);
            return 0;
        });
        return command;
    }

    public static void Write(
        Schema schema,
        int rows,
        MetricSet metrics,
        bool json,
        TextWriter output
    )
    {
        if (!json)
        {
            output.WriteLine(
                schema.PositiveClass is string positive
                    ? $"{schema.Task.Name()}, {rows} rows, positive class {positive}"
                    : $"{schema.Task.Name()}, {rows} rows"
            );
            output.WriteLine(MetricsText.Table(metrics, schema.Classes));
            return;
        }
        JsonOutput.Write(
            output,
            writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("task", schema.Task.Name());
                writer.WriteNumber("rows", rows);
                JsonOutput.PositiveClass(writer, schema);
                JsonOutput.Metrics(writer, metrics);
                JsonOutput.PerClass(writer, metrics, schema.Classes);
                JsonOutput.Confusion(writer, metrics, schema.Classes);
                writer.WriteEndObject();
            }
        );
    }
}
