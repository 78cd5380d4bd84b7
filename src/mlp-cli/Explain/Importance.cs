namespace Mlp.Cli.Explain;

/// <summary>One feature's importance under one method: the value, and where the method has them a spread and a signed mean.</summary>
internal sealed record FeatureImportance(
    string Name,
    double Importance,
    double? Std = null,
    double? SignedMean = null
)
{
    /// <summary>Weight methods on a multiclass model without --class: the value for each class, in class order.</summary>
    public double[]? PerClass { get; init; }
}

/// <summary>What an importance method reports, features in model (source column) order.</summary>
internal sealed class ImportanceReport
{
    public required string Method { get; init; }
    public required IReadOnlyList<FeatureImportance> Features { get; init; }
    public string? Metric { get; init; }
    public double? BaselineScore { get; init; }

    /// <summary>Set when each feature carries <see cref="FeatureImportance.PerClass"/> values.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>Integrated gradients: max and mean over rows of |Σ_i IG_i − (f(z) − f(z0))|.</summary>
    public (double Max, double Mean)? CompletenessGap { get; init; }
}
