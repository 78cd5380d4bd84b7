using System.CommandLine;
using System.Globalization;
using Mlp.Cli.Plot;
using Mlp.Cli.Sharding;
using Mlp.Data;
using Mlp.Explain;
using Mlp.Model;

namespace Mlp.Cli.Commands;

/// <summary>`mlp pdp MODEL DATA --features A[,B]`: what one or two features do to the output across their range.</summary>
internal static class PdpCommand
{
    /// <summary>The most ICE values kept in memory (1 GiB of doubles).</summary>
    public static Command Create(CliContext context)
    {
        var model = CommonOptions.Model();
        var data = CommonOptions.Data("CSV with the model's feature columns");
        var features = new Option<string>("--features")
        {
            Description = "One feature, or two for the 2-way grid, e.g. --features x1,x2",
            Required = true,
        };
        var grid = new Option<int>("--grid")
        {
            Description = "Grid points per numeric feature (its distinct values when fewer)",
            DefaultValueFactory = _ => ImportanceOptions.DefaultGrid,
        };
        var percentiles = new Option<string>("--percentiles")
        {
            Description = "The grid's ends: two percentiles of the column, as fractions",
            DefaultValueFactory = _ => "0.05,0.95",
        };
        var kind = new Option<string>("--kind")
        {
            Description =
                "average (partial dependence), individual (each row's curve: ICE) or both",
            DefaultValueFactory = _ => "average",
        };
        kind.AcceptOnlyFromAmong("average", "individual", "both");
        var centered = new Option<bool>("--centered")
        {
            Description = "Shift every curve to start at 0 at the first grid point",
        };
        var classOption = ExplainInputs.ClassOption("each row's predicted class");
        var rows = CommonOptions.Rows(
            $"Rows averaged over: N (sampled with --seed) or all [default: all, up to {PartialDependence.DefaultRows:N0} sampled]"
        );
        var seed = CommonOptions.Seed();
        var format = new Option<string>("--format")
        {
            Description = "table, json or csv (csv and json hold every ICE curve)",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "json", "csv");
        var json = CommonOptions.Json("the partial dependence (the same as --format json)");
        var plot = new Option<string?>("--plot")
        {
            Description =
                "Also draw it, PNG or SVG by the extension: the curve with ICE lines and the data's deciles, or a heatmap for two features",
        };
        var command = new Command(
            "pdp",
            "Partial dependence and ICE curves: the model's output as one or two features move across their range"
        )
        {
            model,
            data,
            features,
            grid,
            percentiles,
            kind,
            centered,
            classOption,
            rows,
            seed,
            format,
            json,
            plot,
        };
        var sharding = new ShardOptions();
        sharding.AddTo(command);
        command.SetAction(parse =>
        {
            ExplainInputs.CheckFormat(parse, format, json);
            int resolution = parse.GetValue(grid);
            OptionParsing.Check(
                resolution is >= 2 and <= 1000,
                "--grid must be between 2 and 1000"
            );
            var (low, high) = Percentiles(parse.GetValue(percentiles)!);
            (string, string?)[] inputs =
            [
                ("model", parse.GetValue(model)),
                ("data", parse.GetValue(data)),
            ];
            var (submitted, shards) = sharding.Resolve(parse, context, "pdp", inputs);
            if (submitted is int code)
            {
                return code;
            }
            return PdpRun.Run(
                new PdpRequest(
                    parse.GetValue(model)!,
                    parse.GetValue(data)!,
                    parse.GetValue(features)!,
                    parse.GetValue(kind)!,
                    parse.GetValue(json) ? "json" : parse.GetValue(format)!,
                    parse.GetValue(seed)
                )
                {
                    Resolution = resolution,
                    Low = low,
                    High = high,
                    Centered = parse.GetValue(centered),
                    ClassName = parse.GetValue(classOption),
                    Rows = parse.GetValue(rows),
                    PlotPath = parse.GetValue(plot),
                    Shards = shards,
                },
                context
            );
        });
        return command;
    }

    /// <summary>"0.05,0.95" → two fractions, the first below the second.</summary>
    private static (double Low, double High) Percentiles(string text)
    {
        var parts = OptionParsing.List(text);
        var values = new double[parts.Count];
        bool valid = parts.Count == 2;
        for (int i = 0; valid && i < 2; i++)
        {
            valid =
                double.TryParse(
                    parts[i],
                    NumberStyles.Float,
                    CultureInfo.InvariantCulture,
                    out values[i]
                ) && values[i] is >= 0 and <= 1;
        }
        return valid && values[0] < values[1]
            ? (values[0], values[1])
            : throw new UsageException(
                $"--percentiles '{text}' is not two fractions from 0 to 1 in increasing order",
                "e.g. --percentiles 0.05,0.95"
            );
    }
}
