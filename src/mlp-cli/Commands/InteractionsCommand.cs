using System.CommandLine;
using Mlp.Cli.Plot;
using Mlp.Data;
using Mlp.Explain;
using Mlp.Model;

namespace Mlp.Cli.Commands;

/// <summary>`mlp interactions MODEL DATA`: which pairs of features act together (H-statistic or SHAP interaction values).</summary>
internal static class InteractionsCommand
{
    public static Command Create(CliContext context)
    {
        var model = CommonOptions.Model();
        var data = CommonOptions.Data("CSV with the model's feature columns");
        var method = new Option<string>("--method")
        {
            Description =
                "h-statistic (Friedman's H², any number of features) or shap (exact SHAP interaction values, up to 16 features)",
            DefaultValueFactory = _ => "h-statistic",
        };
        method.AcceptOnlyFromAmong("h-statistic", "shap");
        var rows = CommonOptions.Rows(
            $"Rows used: N (sampled with --seed) or all [default: {HStatistic.DefaultRows}]; the H-statistic costs rows² model evaluations per feature and per pair"
        );
        var background = ExplainInputs.BackgroundOption("shap");
        var classOption = ExplainInputs.ClassOption("the class predicted most often");
        var seed = CommonOptions.Seed();
        var format = new Option<string>("--format")
        {
            Description = "table, json or csv",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "json", "csv");
        var json = CommonOptions.Json("the interactions (the same as --format json)");
        var plot = new Option<string?>("--plot")
        {
            Description = "Also draw the pairs as a matrix, PNG or SVG by the extension",
        };
        var command = new Command(
            "interactions",
            "Which features act together: Friedman's H-statistic per pair and per feature, or exact SHAP interaction values"
        )
        {
            model,
            data,
            method,
            rows,
            background,
            classOption,
            seed,
            format,
            json,
            plot,
        };
        command.SetAction(parse =>
        {
            string methodName = parse.GetValue(method)!;
            OptionParsing.OnlyWhere(parse, background, methodName == "shap", "to --method shap");
            ExplainInputs.CheckFormat(parse, format, json);
            return InteractionsRun.Run(
                new InteractionsRequest(
                    parse.GetValue(model)!,
                    parse.GetValue(data)!,
                    methodName,
                    parse.GetValue(json) ? "json" : parse.GetValue(format)!,
                    parse.GetValue(seed)
                )
                {
                    Rows = parse.GetValue(rows),
                    Background = parse.GetValue(background)!,
                    ClassName = parse.GetValue(classOption),
                    PlotPath = parse.GetValue(plot),
                },
                context
            );
        });
        return command;
    }
}
