using System.CommandLine;
using System.Globalization;
using Mlp.Cli.Plot;
using Mlp.Data;
using Mlp.Explain;
using Mlp.Model;

namespace Mlp.Cli.Commands;

/// <summary>`mlp pdp MODEL DATA --features A[,B]`: what one or two features do to the output across their range.</summary>
internal static class PdpCommand
{
    /// <summary>The most ICE values kept in memory (1 GiB of doubles).</summary>
    private const long MaxIceValues = 1L << 27;

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
        command.SetAction(parse =>
        {
            ExplainInputs.CheckFormat(parse, format, json);
            int resolution = parse.GetValue(grid);
            OptionParsing.Check(
                resolution is >= 2 and <= 1000,
                "--grid must be between 2 and 1000"
            );
            var (low, high) = Percentiles(parse.GetValue(percentiles)!);
            using var outputs = new OutputPlan(context);
            var picture = ExplainInputs.PlanFiles(outputs, parse, model, data, null, plot);
            var loaded = ModelFileReader.Load(parse.GetValue(model)!);
            var sources = Sources(loaded.Schema, parse.GetValue(features)!);
            int? classIndex = ExplainInputs.ClassIndex(loaded.Schema, parse.GetValue(classOption));
            if (loaded.Schema.Task == TaskKind.Multiclass && classIndex is null)
            {
                context.Note(
                    "note: f is each row's own predicted class's probability; --class C gives one class's curve (as scikit-learn's partial_dependence)"
                );
            }
            long seedValue = parse.GetValue(seed);
            var all = ExplainInputs.Unlabelled(loaded, parse.GetValue(data)!, context);
            var (explained, indices) = ExplainInputs.Sample(
                all,
                parse.GetValue(rows),
                PartialDependence.DefaultRows,
                seedValue,
                RngStream.ExplainRows
            );
            var axes = sources
                .Select(s => PdpAxis.For(explained, s, resolution, low, high))
                .ToArray();
            string kindName = parse.GetValue(kind)!;
            long points = axes.Aggregate(1L, (product, axis) => product * axis.Count);
            OptionParsing.Check(
                kindName == "average" || points * explained.Rows <= MaxIceValues,
                $"--kind {kindName} would keep {explained.Rows:N0} rows × {points:N0} grid points = {points * explained.Rows:N0} ICE values (at most {MaxIceValues:N0}); use fewer --rows or a smaller --grid"
            );
            bool isCentered = parse.GetValue(centered);
            var progress = new WorkCounter();
            var result = WorkProgress.Show(
                context,
                progress,
                () =>
                {
                    progress.Stage("partial dependence", points);
                    return PartialDependence.Compute(
                        explained,
                        axes,
                        classIndex,
                        kindName != "average",
                        progress
                    );
                }
            );
            if (isCentered)
            {
                result = PartialDependence.Centered(result);
            }
            PdpOutput.Write(
                result,
                parse.GetValue(json) ? "json" : parse.GetValue(format)!,
                showAverage: kindName != "individual",
                isCentered,
                [.. indices.Select(i => i + 1)],
                parse.GetValue(classOption),
                context.Out
            );
            ImageFile.CommitWith(
                outputs,
                picture,
                () => PdpChart.Draw(result, explained, kindName, isCentered, seedValue),
                context
            );
            return 0;
        });
        return command;
    }

    /// <summary>The source columns --features names: one or two different features of the model.</summary>
    private static int[] Sources(Schema schema, string text)
    {
        var names = OptionParsing.List(text);
        if (names.Count is < 1 or > 2)
        {
            throw new UsageException(
                $"--features takes one or two feature names, not {names.Count}",
                "e.g. --features x1 or --features x1,x2"
            );
        }
        if (names.Count == 2 && names[0] == names[1])
        {
            throw new UsageException($"--features names \"{names[0]}\" twice");
        }
        var all = schema.Sources.Select(s => s.Name).ToList();
        return
        [
            .. names.Select(name =>
                all.IndexOf(name) is int index and >= 0
                    ? index
                    : throw new UsageException(
                        $"--features names \"{name}\", which is not a feature of the model",
                        $"the features are: {TextList.Of(all)}"
                    )
            ),
        ];
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
