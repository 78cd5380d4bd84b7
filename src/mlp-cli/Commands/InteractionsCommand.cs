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
            using var outputs = new OutputPlan(context);
            var picture = ExplainInputs.PlanFiles(outputs, parse, model, data, background, plot);
            var loaded = ModelFileReader.Load(parse.GetValue(model)!);
            if (methodName == "shap" && loaded.Schema.Sources.Length > ShapMethod.MaxExactPlayers)
            {
                throw new UsageException(
                    $"--method shap computes exact interaction values for up to {ShapMethod.MaxExactPlayers} features; this model has {loaded.Schema.Sources.Length}",
                    "use --method h-statistic (the default), which has no such limit"
                );
            }
            int? classIndex = ExplainInputs.ClassIndex(loaded.Schema, parse.GetValue(classOption));
            long seedValue = parse.GetValue(seed);
            var all = ExplainInputs.Unlabelled(loaded, parse.GetValue(data)!, context);
            var (explained, _) = ExplainInputs.Sample(
                all,
                parse.GetValue(rows),
                HStatistic.DefaultRows,
                seedValue,
                RngStream.InteractionRows
            );
            if (loaded.Schema.Task == TaskKind.Multiclass && classIndex is null)
            {
                classIndex = ModelRows.MostPredicted(explained);
                context.Note(
                    $"note: explaining P({loaded.Schema.TargetName} = {loaded.Schema.Classes[classIndex.Value]}), the class predicted most often (--class to choose)"
                );
            }
            ShapInteractions.Result? shap = null;
            InteractionReport report;
            if (methodName == "shap")
            {
                var backgroundRows = ExplainInputs.BackgroundRows(
                    loaded,
                    all,
                    parse.GetValue(background)!,
                    seedValue,
                    context
                );
                shap = WorkProgress.Show(
                    context,
                    explained.Progress,
                    () => ShapInteractions.Compute(explained, backgroundRows, classIndex)
                );
                report = shap.Report;
            }
            else
            {
                report = WorkProgress.Show(
                    context,
                    explained.Progress,
                    () => HStatistic.Compute(explained, classIndex)
                );
            }
            InteractionOutput.Write(
                report,
                shap,
                parse.GetValue(json) ? "json" : parse.GetValue(format)!,
                seedValue,
                context.Out
            );
            ImageFile.CommitWith(outputs, picture, () => InteractionChart.Draw(report), context);
            return 0;
        });
        return command;
    }
}
