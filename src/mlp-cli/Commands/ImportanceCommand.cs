using System.CommandLine;
using Mlp.Cli.Plot;
using Mlp.Data;
using Mlp.Explain;
using Mlp.Model;

namespace Mlp.Cli.Commands;

/// <summary>`mlp importance MODEL DATA --method M`: which features drive the model's output.</summary>
internal static class ImportanceCommand
{
    private static readonly ImportanceOptions Defaults = new();

    public static Command Create(CliContext context)
    {
        var model = CommonOptions.Model();
        var data = CommonOptions.Data(
            "CSV with the model's feature columns (and its target, for permutation)"
        );
        var method = new Option<string>("--method")
        {
            Description =
                "permutation, gradient, input-x-gradient, integrated-gradients, shap, garson, olden, first-layer, pdp, lime or all",
            DefaultValueFactory = _ => "permutation",
        };
        method.AcceptOnlyFromAmong(ImportanceOptions.Methods);
        var metric = new Option<string?>("--metric")
        {
            Description =
                "permutation: a metric of `mlp eval` [default: accuracy, or r2 for regression]",
        };
        var repeats = new Option<int>("--repeats")
        {
            Description = "permutation: shuffles per feature",
            DefaultValueFactory = _ => Defaults.Repeats,
        };
        var steps = new Option<int>("--steps")
        {
            Description = "integrated-gradients: Gauss-Legendre nodes",
            DefaultValueFactory = _ => Defaults.Steps,
        };
        var baseline = new Option<string>("--baseline")
        {
            Description = "Reference input: mean (the training mean) or zero",
            DefaultValueFactory = _ => "mean",
        };
        baseline.AcceptOnlyFromAmong("mean", "zero");
        var background = ExplainInputs.BackgroundOption("shap");
        var samples = new Option<int>("--samples")
        {
            Description = "lime: perturbed samples per explained row",
            DefaultValueFactory = _ => Defaults.Samples,
        };
        var rows = CommonOptions.Rows(
            $"Rows explained: N (sampled with --seed) or all [default: all, up to {ImportanceOptions.DefaultRows} sampled]"
        );
        var classOption = ExplainInputs.ClassOption("each row's predicted class");
        var group = new Option<string[]>("--group")
        {
            Description =
                "permutation: features shuffled together, e.g. --group a,b (repeat for several groups)",
            AllowMultipleArgumentsPerToken = false,
        };
        var sampleWeight = new Option<string?>("--sample-weight")
        {
            Description =
                "permutation: a column of per-row weights (≥ 0) the metric weighs rows by",
        };
        var seed = CommonOptions.Seed();
        var format = new Option<string>("--format")
        {
            Description = "table, json, csv or markdown",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "json", "csv", "markdown");
        var json = CommonOptions.Json("the report (the same as --format json)");
        var plot = new Option<string?>("--plot")
        {
            Description =
                "Also draw the importances as a bar chart, PNG or SVG by the extension (error bars where there is a spread)",
        };
        var command = new Command(
            "importance",
            "Report how much each feature drives the model's output"
        )
        {
            model,
            data,
            method,
            metric,
            repeats,
            steps,
            baseline,
            background,
            samples,
            rows,
            classOption,
            group,
            sampleWeight,
            seed,
            format,
            json,
            plot,
        };
        command.SetAction(parse =>
        {
            string methodName = parse.GetValue(method)!;
            bool everyMethod = methodName == "all";
            void OnlyFor(Option option, params string[] methods) =>
                OptionParsing.OnlyWhere(
                    parse,
                    option,
                    everyMethod || methods.Contains(methodName),
                    $"to --method {string.Join(", ", methods)} or all"
                );
            OnlyFor(metric, "permutation");
            OnlyFor(repeats, "permutation");
            OnlyFor(group, "permutation");
            OnlyFor(sampleWeight, "permutation");
            OnlyFor(steps, "integrated-gradients");
            OnlyFor(baseline, "input-x-gradient", "integrated-gradients");
            OnlyFor(background, "shap");
            OnlyFor(samples, "lime");
            OptionParsing.OnlyWhere(
                parse,
                classOption,
                methodName != "permutation",
                "to the methods that explain a class's probability (not permutation, which scores the whole prediction)"
            );
            ExplainInputs.CheckFormat(parse, format, json);
            using var outputs = new OutputPlan(context);
            var picture = ExplainInputs.PlanFiles(outputs, parse, model, data, background, plot);
            var loaded = ModelFileReader.Load(parse.GetValue(model)!);
            OptionParsing.Check(parse.GetValue(repeats) >= 1, "--repeats must be at least 1");
            OptionParsing.Check(
                parse.GetValue(samples) is >= 10 and <= 1_000_000,
                "--samples must be between 10 and 1000000"
            );
            OptionParsing.Check(
                parse.GetValue(steps) is >= 1 and <= 1000,
                "--steps must be between 1 and 1000"
            );
            long seedValue = parse.GetValue(seed);
            bool needsTarget = methodName is "permutation" or "all";
            var read = LabelledRows.Read(
                loaded.Schema,
                parse.GetValue(data)!,
                needsTarget,
                context.Reading,
                weightColumn: parse.GetValue(sampleWeight)
            );
            var progress = new WorkCounter();
            var (all, explained) = ExplainInputs.Labelled(
                loaded,
                read,
                parse.GetValue(rows),
                seedValue,
                context,
                progress
            );
            var options = new ImportanceOptions
            {
                Metric = parse.GetValue(metric),
                Repeats = parse.GetValue(repeats),
                Steps = parse.GetValue(steps),
                Samples = parse.GetValue(samples),
                Baseline =
                    parse.GetValue(baseline) == "zero" ? BaselineKind.Zero : BaselineKind.Mean,
                ClassIndex = ExplainInputs.ClassIndex(loaded.Schema, parse.GetValue(classOption)),
                Seed = seedValue,
                Groups = (parse.GetValue(group) ?? [])
                    .Select(g => OptionParsing.List(g).ToArray())
                    .Where(g => g.Length > 0)
                    .ToArray(),
                Background = ExplainInputs.BackgroundRows(
                    loaded,
                    all,
                    parse.GetValue(background)!,
                    seedValue,
                    context
                ),
            };
            string formatName = parse.GetValue(json) ? "json" : parse.GetValue(format)!;
            if (methodName == "all")
            {
                var reports = WorkProgress.Show(
                    context,
                    progress,
                    () =>
                        MethodComparison.Run(
                            explained,
                            options,
                            note => context.Note($"note: {note}")
                        )
                );
                MethodComparison.Write(reports, formatName, explained.Rows, seedValue, context.Out);
                Plot(outputs, picture, reports, "Feature importance, every method", context);
                return 0;
            }
            var report = WorkProgress.Show(
                context,
                progress,
                () => options.Create(methodName).Compute(explained)
            );
            ImportanceOutput.Write(
                report,
                formatName,
                explained.Rows,
                methodName == "permutation" ? options.Repeats : null,
                seedValue,
                context.Out
            );
            Plot(outputs, picture, [report], $"Feature importance: {methodName}", context);
            return 0;
        });
        return command;
    }

    private static void Plot(
        OutputPlan outputs,
        PlannedOutput? picture,
        IReadOnlyList<ImportanceReport> reports,
        string title,
        CliContext context
    ) =>
        ImageFile.CommitWith(outputs, picture, () => ImportanceChart.Draw(reports, title), context);
}
