using Mlp.Cli.Model;

namespace Mlp.Cli.Data;

/// <summary>How to read a training CSV: which column is the target, which are features, how to treat them.</summary>
internal sealed record DataOptions
{
    public string? Target { get; init; }
    public IReadOnlyList<string>? Features { get; init; }
    public IReadOnlyList<string> Ignore { get; init; } = [];
    public IReadOnlyList<string> Categorical { get; init; } = [];
    public bool ImputeMissingWithMean { get; init; }
    public TaskKind? Task { get; init; }
}
