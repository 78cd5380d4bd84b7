using System.CommandLine;
using Mlp.Cli.Plot;
using Mlp.Cli.Sharding;
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
        var sharding = new ShardOptions();
        sharding.AddTo(command);
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
            OptionParsing.Check(parse.GetValue(repeats) >= 1, "--repeats must be at least 1");
            OptionParsing.Check(
                parse.GetValue(samples) is >= 10 and <= 1_000_000,
                "--samples must be between 10 and 1000000"
            );
            OptionParsing.Check(
                parse.GetValue(steps) is >= 1 and <= 1000,
                "--steps must be between 1 and 1000"
            );
            var request = new ImportanceRequest(
                parse.GetValue(model)!,
                parse.GetValue(data)!,
                methodName,
                parse.GetValue(json) ? "json" : parse.GetValue(format)!,
                new ImportanceOptions
                {
                    Metric = parse.GetValue(metric),
                    Repeats = parse.GetValue(repeats),
                    Steps = parse.GetValue(steps),
                    Samples = parse.GetValue(samples),
                    Baseline =
                        parse.GetValue(baseline) == "zero" ? BaselineKind.Zero : BaselineKind.Mean,
                    Seed = parse.GetValue(seed),
                    Groups = (parse.GetValue(group) ?? [])
                        .Select(g => OptionParsing.List(g).ToArray())
                        .Where(g => g.Length > 0)
                        .ToArray(),
                }
            )
            {
                Rows = parse.GetValue(rows),
                Background = parse.GetValue(background)!,
                ClassName = parse.GetValue(classOption),
                SampleWeight = parse.GetValue(sampleWeight),
                PlotPath = parse.GetValue(plot),
            };
            (string, string?)[] inputs =
            [
                ("model", request.ModelPath),
                ("data", request.DataPath),
                ("--background", ExplainInputs.BackgroundFile(request.Background)),
            ];
            OptionParsing.Check(
                !sharding.Given(parse, context) || methodName == "permutation",
                $"--method {methodName} runs whole: sharding splits permutation's shuffles (features × --repeats)"
            );
            var (submitted, shards) = sharding.Resolve(parse, context, "importance", inputs);
            if (submitted is int code)
            {
                return code;
            }
            return ImportanceRun.Run(request with { Shards = shards }, context);
        });
        return command;
    }
}
