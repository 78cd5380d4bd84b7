using Mlp.Cli.Model;

namespace Mlp.Cli.Data;

/// <summary>
/// Training data, columnar: one float array per encoded input (one-hot expanded) and the
/// target as a class index (classification) or a value in its own units (regression).
/// </summary>
internal sealed class Dataset
{
    public required Schema Schema { get; init; }
    public required float[][] Columns { get; init; }
    public required float[] Target { get; init; }
    public required string File { get; init; }

    public int Rows => Target.Length;
}
