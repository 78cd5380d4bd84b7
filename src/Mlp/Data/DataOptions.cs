using Mlp.Model;

namespace Mlp.Data;

/// <summary>How to read a training CSV: which column is the target, which are features, how to treat them.</summary>
internal sealed record DataOptions
{
    public string? Target { get; init; }
    public IReadOnlyList<string>? Features { get; init; }
    public IReadOnlyList<string> Ignore { get; init; } = [];
    public IReadOnlyList<string> Categorical { get; init; } = [];
    public MissingStrategy Missing { get; init; } = MissingStrategy.Error;

    /// <summary>Missing values of a categorical column are a category of their own, <see cref="MissingValues.Category"/>.</summary>
    public bool MissingCategory { get; init; }
    public TaskKind? Task { get; init; }

    /// <summary>A category seen in fewer training rows than this is grouped into (other).</summary>
    public int MinCategoryCount { get; init; } = 1;

    /// <summary>At most this many one-hot inputs per text column: the commonest categories, then (other).</summary>
    public int MaxCategories { get; init; } = int.MaxValue;

    /// <summary>--positive: a binary target's positive class (the model's second); null: the second in sorted order.</summary>
    public string? Positive { get; init; }

    /// <summary>--delimiter and --decimal: how the CSV's text is written.</summary>
    public CsvDialect? Dialect { get; init; }

    /// <summary>--sample-weight: the column of per-row weights (not a feature).</summary>
    public string? SampleWeight { get; init; }

    /// <summary>Read only the file's first this many rows (a streamed data set's schema sample); null: every row.</summary>
    public int? FirstRows { get; init; }
}
