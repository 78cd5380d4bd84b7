namespace Mlp.Explain;

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

    /// <summary>
    /// Whether features rank by the signed value (permutation, as scikit-learn: a negative drop
    /// means the feature does not help and ranks below zero) rather than by its size (Olden's
    /// signed products, where a large negative weight matters as much as a positive one).
    /// </summary>
    public bool RanksBySign { get; init; }

    /// <summary>1 for the most important feature, in model order among ties.</summary>
    public int[] Ranks()
    {
        var order = Order();
        var ranks = new int[order.Length];
        for (int position = 0; position < order.Length; position++)
        {
            ranks[order[position]] = position + 1;
        }
        return ranks;
    }

    /// <summary>Feature indices, most important first (model order among ties).</summary>
    public int[] Order()
    {
        double Key(int i) =>
            RanksBySign ? Features[i].Importance : Math.Abs(Features[i].Importance);
        var order = new int[Features.Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        // A stable sort keeps model order among ties.
        return [.. order.OrderByDescending(Key)];
    }

    public double? BaselineScore { get; init; }

    /// <summary>Set when each feature carries <see cref="FeatureImportance.PerClass"/> values.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>Integrated gradients: max and mean over rows of |Σ_i IG_i − (f(z) − f(z0))|.</summary>
    public (double Max, double Mean)? CompletenessGap { get; init; }
}
