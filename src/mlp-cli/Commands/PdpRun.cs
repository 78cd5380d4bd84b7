using Mlp.Cli.Plot;
using Mlp.Cli.Sharding;
using Mlp.Data;
using Mlp.Explain;
using Mlp.Model;

namespace Mlp.Cli.Commands;

/// <summary>What `mlp pdp` was asked, its options checked.</summary>
internal sealed record PdpRequest(
    string ModelPath,
    string DataPath,
    string Features,
    string Kind,
    string Format,
    long Seed
)
{
    public int Resolution { get; init; } = ImportanceOptions.DefaultGrid;
    public double Low { get; init; } = 0.05;
    public double High { get; init; } = 0.95;
    public bool Centered { get; init; }
    public string? ClassName { get; init; }

    /// <summary>--rows as given: a count, "all", or null for the default.</summary>
    public string? Rows { get; init; }
    public string? PlotPath { get; init; }

    /// <summary>Set when this run is a shard of the grid's batches, or their merge.</summary>
    public ShardRun? Shards { get; init; }
}

/// <summary>Reads the model and rows, computes the curves over the grid, prints and draws.</summary>
internal static class PdpRun
{
    private const long MaxIceValues = 1L << 27;

    public static int Run(PdpRequest request, CliContext context)
    {
        using var outputs = new OutputPlan(context);
        var picture = ExplainInputs.PlanFiles(
            outputs,
            request.ModelPath,
            request.DataPath,
            null,
            request.PlotPath
        );
        var loaded = ModelFileReader.Load(request.ModelPath);
        var sources = Sources(loaded.Schema, request.Features);
        int? classIndex = ExplainInputs.ClassIndex(loaded.Schema, request.ClassName);
        if (loaded.Schema.Task == TaskKind.Multiclass && classIndex is null)
        {
            context.Note(
                "note: f is each row's own predicted class's probability; --class C gives one class's curve (as scikit-learn's partial_dependence)"
            );
        }
        var all = ExplainInputs.Unlabelled(loaded, request.DataPath, context);
        var (explained, indices) = ExplainInputs.Sample(
            all,
            request.Rows,
            PartialDependence.DefaultRows,
            request.Seed,
            RngStream.ExplainRows
        );
        var axes = sources
            .Select(s => PdpAxis.For(explained, s, request.Resolution, request.Low, request.High))
            .ToArray();
        string kindName = request.Kind;
        long points = axes.Aggregate(1L, (product, axis) => product * axis.Count);
        OptionParsing.Check(
            kindName == "average" || points * explained.Rows <= MaxIceValues,
            $"--kind {kindName} would keep {explained.Rows:N0} rows × {points:N0} grid points = {points * explained.Rows:N0} ICE values (at most {MaxIceValues:N0}); use fewer --rows or a smaller --grid"
        );
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
                    progress,
                    request.Shards?.Parts
                );
            }
        );
        if (request.Shards is { Merging: false } shard)
        {
            return shard.Write(context);
        }
        if (request.Centered)
        {
            result = PartialDependence.Centered(result);
        }
        PdpOutput.Write(
            result,
            request.Format,
            showAverage: kindName != "individual",
            request.Centered,
            [.. indices.Select(i => i + 1)],
            request.ClassName,
            context.Out
        );
        ImageFile.CommitWith(
            outputs,
            picture,
            () => PdpChart.Draw(result, explained, kindName, request.Centered, request.Seed),
            context
        );
        return 0;
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
}
