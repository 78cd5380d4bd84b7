using Mlp.Data;
using Mlp.Model;

namespace Mlp.Explain;

/// <summary>
/// The rows a method explains: the model, its inputs in source units (rows, InputCount) and
/// the targets (class index or value), with the one-hot groups that make up each source column.
/// </summary>
internal sealed class ExplainData
{
    public ExplainData(MlpModel model, double[] inputs, float[] targets)
    {
        Model = model;
        Inputs = inputs;
        Targets = targets;
        var groups = new List<(int Start, int Width)>();
        int offset = 0;
        foreach (var source in model.Schema.Sources)
        {
            groups.Add((offset, source.Width));
            offset += source.Width;
        }
        Groups = groups;
    }

    public MlpModel Model { get; }

    /// <summary>Ctrl-C: the methods' long loops stop at the next row or batch.</summary>
    public CancellationToken Cancel { get; init; }

    /// <summary>(rows, InputCount), in the data's own units.</summary>
    public double[] Inputs { get; }

    public float[] Targets { get; }

    /// <summary>Where the methods count the rows or parts they finish (a progress bar on a terminal).</summary>
    public WorkCounter Progress { get; init; } = new();

    /// <summary>--sample-weight's per-row weights (permutation's metric weighs rows by them), or null.</summary>
    public float[]? Weights { get; init; }

    /// <summary>Per source column, its first encoded input and how many there are (one-hot width).</summary>
    public IReadOnlyList<(int Start, int Width)> Groups { get; }

    public int Rows => Targets.Length;
    public int InputCount => Model.Network.InputCount;

    public string[] SourceNames => Model.Schema.Sources.Select(s => s.Name).ToArray();

    /// <summary>A data file's rows as the model reads them, without its target.</summary>
    public static ExplainData Unlabelled(MlpModel model, string path, ReadSettings reading)
    {
        var inputs = LabelledRows.Read(model.Schema, path, readTarget: false, reading).Inputs;
        return new ExplainData(model, inputs, new float[inputs.Length / model.Network.InputCount])
        {
            Cancel = reading.Cancel,
        };
    }

    /// <summary>The given rows (indices into these rows), in their order.</summary>
    public ExplainData Subset(int[] rows)
    {
        int width = InputCount;
        var inputs = new double[rows.Length * width];
        var targets = new float[rows.Length];
        for (int r = 0; r < rows.Length; r++)
        {
            Inputs.AsSpan(rows[r] * width, width).CopyTo(inputs.AsSpan(r * width, width));
            targets[r] = Targets[rows[r]];
        }
        return new ExplainData(Model, inputs, targets)
        {
            Cancel = Cancel,
            Progress = Progress,
            Weights = Weights is null ? null : [.. rows.Select(r => Weights[r])],
        };
    }

    /// <summary>
    /// The rows to explain and their indices here: all of them when there are at most
    /// <paramref name="limit"/>, else a seeded sample of that many (<paramref name="stream"/>
    /// names the draw, a <see cref="RngStream"/>).
    /// </summary>
    public (ExplainData Rows, int[] Indices) Sample(int limit, long seed, ulong stream)
    {
        if (limit >= Rows)
        {
            return (this, [.. Enumerable.Range(0, Rows)]);
        }
        var indices = RowSample.Take(Rows, limit, Rng.For(seed, stream));
        return (Subset(indices), indices);
    }

    /// <summary>The standardized inputs z = (x − mean) / std the network sees, in double.</summary>
    public double[] Standardized()
    {
        var z = (double[])Inputs.Clone();
        Model.InputScaling?.ToStandard(Inputs, z);
        return z;
    }
}
