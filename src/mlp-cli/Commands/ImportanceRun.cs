using Mlp.Cli.Plot;
using Mlp.Cli.Sharding;
using Mlp.Data;
using Mlp.Explain;
using Mlp.Model;

namespace Mlp.Cli.Commands;

/// <summary>What `mlp importance` was asked, its options checked.</summary>
/// <param name="Options">The methods' settings; the rows, background and class are filled in by the run.</param>
internal sealed record ImportanceRequest(
    string ModelPath,
    string DataPath,
    string Method,
    string Format,
    ImportanceOptions Options
)
{
    /// <summary>--rows as given: a count, "all", or null for the default.</summary>
    public string? Rows { get; init; }

    /// <summary>--background as given: a row count or a file.</summary>
    public string Background { get; init; } = "100";
    public string? ClassName { get; init; }
    public string? SampleWeight { get; init; }
    public string? PlotPath { get; init; }

    /// <summary>Set when this run is a shard of permutation's shuffles, or their merge.</summary>
    public ShardRun? Shards { get; init; }
}

/// <summary>Reads the model and rows, computes one method or all of them, prints and draws.</summary>
internal static class ImportanceRun
{
    public static int Run(ImportanceRequest request, CliContext context)
    {
        using var outputs = new OutputPlan(context);
        var picture = ExplainInputs.PlanFiles(
            outputs,
            request.ModelPath,
            request.DataPath,
            ExplainInputs.BackgroundFile(request.Background),
            request.PlotPath
        );
        var loaded = ModelFileReader.Load(request.ModelPath);
        long seed = request.Options.Seed;
        bool needsTarget = request.Method is "permutation" or "all";
        var read = LabelledRows.Read(
            loaded.Schema,
            request.DataPath,
            needsTarget,
            context.Reading,
            weightColumn: request.SampleWeight
        );
        var progress = new WorkCounter();
        var (all, explained) = ExplainInputs.Labelled(
            loaded,
            read,
            request.Rows,
            seed,
            context,
            progress
        );
        var options = request.Options with
        {
            ClassIndex = ExplainInputs.ClassIndex(loaded.Schema, request.ClassName),
            Parts = request.Shards?.Parts,
            Background = ExplainInputs.BackgroundRows(
                loaded,
                all,
                request.Background,
                seed,
                context
            ),
        };
        if (request.Method == "all")
        {
            var reports = WorkProgress.Show(
                context,
                progress,
                () =>
                    MethodComparison.Run(explained, options, note => context.Note($"note: {note}"))
            );
            MethodComparison.Write(reports, request.Format, explained.Rows, seed, context.Out);
            Plot(outputs, picture, reports, "Feature importance, every method", context);
            return 0;
        }
        var report = WorkProgress.Show(
            context,
            progress,
            () => options.Create(request.Method).Compute(explained)
        );
        if (request.Shards is { Merging: false } shard)
        {
            return shard.Write(context);
        }
        ImportanceOutput.Write(
            report,
            request.Format,
            explained.Rows,
            request.Method == "permutation" ? options.Repeats : null,
            seed,
            context.Out
        );
        Plot(outputs, picture, [report], $"Feature importance: {request.Method}", context);
        return 0;
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
