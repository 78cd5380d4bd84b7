using Mlp.Explain;
using Mlp.Model;

namespace Mlp.Cli.Report;

/// <summary>What every section of a report reads: the model, DATA's rows, the rows explained, the background and the seed.</summary>
internal sealed class ReportData
{
    public required MlpModel Model { get; init; }
    public required string DataName { get; init; }

    /// <summary>Every row of DATA, with its target.</summary>
    public required ExplainData All { get; init; }

    /// <summary>The rows the explanations use (--rows).</summary>
    public required ExplainData Explained { get; init; }

    public required double[] Background { get; init; }
    public required long Seed { get; init; }
    public required WorkCounter Progress { get; init; }

    public Schema Schema => Model.Schema;

    private int? _mostPredicted;

    /// <summary>
    /// Multiclass: the class predicted most often on the explained rows, whose probability the
    /// dependence and interactions sections follow (found once, so both follow the same one);
    /// null for other tasks.
    /// </summary>
    public int? FollowedClass =>
        Schema.Task == TaskKind.Multiclass
            ? _mostPredicted ??= ModelRows.MostPredicted(Explained)
            : null;

    /// <summary>Source features, most important first (by permutation importance), once measured.</summary>
    public int[]? Ranking { get; set; }
}
