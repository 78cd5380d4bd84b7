namespace Mlp;

/// <summary>How <see cref="TrainedModel.Importance"/> measures what each feature does, as <c>mlp importance --method</c> names them.</summary>
public enum ImportanceMethod
{
    /// <summary>The drop in the model's score when a column is shuffled (scikit-learn's permutation_importance); needs the target column.</summary>
    Permutation,

    /// <summary>The mean over rows of the absolute gradient of the output with respect to each standardized input.</summary>
    Gradient,

    /// <summary>The mean over rows of |(z − z₀) · gradient|, z₀ the column means (standardized).</summary>
    InputTimesGradient,

    /// <summary>Integrated gradients from the column means (Sundararajan et al., 2017).</summary>
    IntegratedGradients,

    /// <summary>The mean absolute Shapley value, against background rows of the data (exact up to 16 features).</summary>
    Shap,

    /// <summary>Garson's algorithm: each input's share of the absolute products of its weights with the output's (one hidden layer).</summary>
    Garson,

    /// <summary>Olden's connection weights: the signed product of the weight matrices, input to output.</summary>
    Olden,

    /// <summary>The sum of the absolute first-layer weights of each input: the crude measure, kept for comparison.</summary>
    FirstLayer,

    /// <summary>How much each feature's partial-dependence curve varies: its standard deviation, or a category curve's range / 4 (Greenwell et al., 2018).</summary>
    PartialDependence,

    /// <summary>The mean absolute coefficient of weighted linear fits to perturbed copies of each row (LIME, Ribeiro et al., 2016).</summary>
    Lime,
}

/// <summary>What the explanations read and how; every property has <c>mlp</c>'s default.</summary>
public sealed record ExplanationOptions
{
    /// <summary>
    /// Rows used: a seeded sample of this many, or all of them where there are fewer; null for
    /// the command line's default (importance 1,000; partial dependence 10,000; interactions 500).
    /// </summary>
    public int? Rows { get; init; }

    /// <summary>The seed of every sample and shuffle: the same seed gives the same figures, whatever the thread count.</summary>
    public long Seed { get; init; } = Rng.DefaultSeed;

    /// <summary>Multiclass: the class whose probability is explained; null for each row's predicted class (interactions: the class predicted most often).</summary>
    public string? Class { get; init; }

    /// <summary>Permutation: shuffles per feature.</summary>
    public int Repeats { get; init; } = 10;

    /// <summary>Permutation: the score whose drop is measured, by its <c>mlp eval</c> name; null for accuracy or r2.</summary>
    public string? Metric { get; init; }

    /// <summary>Shap: background rows drawn from the data.</summary>
    public int Background { get; init; } = 100;

    /// <summary>Integrated gradients: steps of the path integral.</summary>
    public int Steps { get; init; } = 50;

    /// <summary>Lime: perturbed samples per row.</summary>
    public int Samples { get; init; } = 1000;

    /// <summary>Threads this call may use; null for the MLP_THREADS environment variable, else every core.</summary>
    public int? Threads { get; init; }
}

/// <summary>One feature's importance under one method.</summary>
/// <param name="Feature">The feature column's name.</param>
/// <param name="Importance">The method's value: larger is more important (Olden's is signed).</param>
/// <param name="Std">The spread across repeats or rows, where the method has one; otherwise null.</param>
/// <param name="SignedMean">The mean signed value, where the method has one; otherwise null.</param>
public sealed record FeatureScore(
    string Feature,
    double Importance,
    double? Std,
    double? SignedMean
);

/// <summary>A feature's partial dependence: the model's output averaged over the rows with the feature set to each grid point.</summary>
/// <param name="Feature">The feature column's name.</param>
/// <param name="Grid">The grid: numbers from the 5th to the 95th percentile; for a categorical feature, each category's index in <paramref name="Categories"/>.</param>
/// <param name="Categories">A categorical feature's categories, in grid order; null for a number column.</param>
/// <param name="Average">The output averaged over the rows, at each grid point: the prediction, or the explained class's probability.</param>
/// <param name="Individual">Each row's curve (ICE), rows × grid points, when asked for; otherwise null.</param>
public sealed record PartialDependenceCurve(
    string Feature,
    IReadOnlyList<double> Grid,
    IReadOnlyList<string>? Categories,
    IReadOnlyList<double> Average,
    double[,]? Individual
);

/// <summary>How much two features act together: Friedman and Popescu's H² for the pair.</summary>
/// <param name="First">One feature's name.</param>
/// <param name="Second">The other feature's name.</param>
/// <param name="Strength">H²: the share of the pair's joint effect that is not the sum of their own effects, from 0 to 1.</param>
/// <param name="Size">The root mean square of that non-additive part, in the output's units.</param>
public sealed record FeatureInteraction(string First, string Second, double Strength, double Size);
