using Mlp.Cli.Plot;
using Mlp.Data;
using Mlp.Explain;
using Mlp.Model;

namespace Mlp.Cli.Commands;

/// <summary>What `mlp interactions` was asked, its options checked.</summary>
internal sealed record InteractionsRequest(
    string ModelPath,
    string DataPath,
    string Method,
    string Format,
    long Seed
)
{
    /// <summary>--rows as given: a count, "all", or null for the default.</summary>
    public string? Rows { get; init; }

    /// <summary>--background as given: a row count or a file.</summary>
    public string Background { get; init; } = "100";
    public string? ClassName { get; init; }
    public string? PlotPath { get; init; }
}

/// <summary>Reads the model and rows, measures every pair, prints and draws.</summary>
internal static class InteractionsRun
{
    public static int Run(InteractionsRequest request, CliContext context)
    {
        using var outputs = new OutputPlan(context);
        var picture = ExplainInputs.PlanFiles(
            outputs,
            request.ModelPath,
            request.DataPath,
            request.Method == "shap" ? ExplainInputs.BackgroundFile(request.Background) : null,
            request.PlotPath
        );
        var loaded = ModelFileReader.Load(request.ModelPath);
        bool shapMethod = request.Method == "shap";
        if (shapMethod && loaded.Schema.Sources.Length > ShapMethod.MaxExactPlayers)
        {
            throw new UsageException(
                $"--method shap computes exact interaction values for up to {ShapMethod.MaxExactPlayers} features; this model has {loaded.Schema.Sources.Length}",
                "use --method h-statistic (the default), which has no such limit"
            );
        }
        int? classIndex = ExplainInputs.ClassIndex(loaded.Schema, request.ClassName);
        var all = ExplainInputs.Unlabelled(loaded, request.DataPath, context);
        var (explained, _) = ExplainInputs.Sample(
            all,
            request.Rows,
            HStatistic.DefaultRows,
            request.Seed,
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
        if (shapMethod)
        {
            var backgroundRows = ExplainInputs.BackgroundRows(
                loaded,
                all,
                request.Background,
                request.Seed,
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
        InteractionOutput.Write(report, shap, request.Format, request.Seed, context.Out);
        ImageFile.CommitWith(outputs, picture, () => InteractionChart.Draw(report), context);
        return 0;
    }
}
