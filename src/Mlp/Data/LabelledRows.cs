using Mlp.Model;

namespace Mlp.Data;

/// <summary>Rows in memory: inputs (rows, InputCount) in their units, targets, and --sample-weight's weights when asked.</summary>
internal sealed record LabelledData(double[] Inputs, float[] Targets, float[]? Weights)
{
    public void Deconstruct(out double[] inputs, out float[] targets) =>
        (inputs, targets) = (Inputs, Targets);

    public void Deconstruct(out double[] inputs, out float[] targets, out float[]? weights) =>
        (inputs, targets, weights) = (Inputs, Targets, Weights);
}

/// <summary>
/// The rows of a CSV matched to a schema's features (and its target, and a weight column, when
/// asked): streamed a chunk at a time, or all in memory. A file with a header and no rows is an error.
/// </summary>
internal static class LabelledRows
{
    public const int ChunkRows = 1024;

    /// <summary>A chunk of rows: inputs (rows, InputCount) in their units, targets (zeros without the target), weights (empty without a weight column), the row count.</summary>
    public delegate void Chunk(
        ReadOnlySpan<double> inputs,
        ReadOnlySpan<float> targets,
        ReadOnlySpan<float> weights,
        int rows
    );

    /// <summary>Reads the rows, at most <paramref name="maxRows"/>, a chunk at a time; returns how many there were.</summary>
    public static int Stream(
        Schema schema,
        string path,
        bool readTarget,
        ReadSettings reading,
        Chunk chunk,
        int maxRows = int.MaxValue,
        string? weightColumn = null
    )
    {
        using var reader = FeatureRows.Open(
            path,
            schema,
            readTarget,
            reading.Warnings,
            reading.StandardInput,
            weightColumn,
            reading.CsvDialect
        );
        int width = schema.InputCount;
        var chunkInputs = new double[ChunkRows * width];
        var chunkTargets = new float[ChunkRows];
        var chunkWeights = new float[weightColumn is null ? 0 : ChunkRows];
        int total = 0,
            count;
        while (
            total < maxRows
            && (
                count = reader.Read(
                    chunkInputs,
                    chunkTargets,
                    Math.Min(ChunkRows, maxRows - total),
                    weights: chunkWeights
                )
            ) > 0
        )
        {
            reading.Cancel.ThrowIfCancellationRequested();
            chunk(
                chunkInputs.AsSpan(0, count * width),
                chunkTargets.AsSpan(0, count),
                chunkWeights.AsSpan(0, weightColumn is null ? 0 : count),
                count
            );
            total += count;
        }
        return total > 0 ? total : throw CsvSource.NoDataRows(reader.File);
    }

    /// <summary>All the rows (at most <paramref name="maxRows"/>) in memory.</summary>
    public static LabelledData Read(
        Schema schema,
        string path,
        bool readTarget,
        ReadSettings reading,
        int maxRows = int.MaxValue,
        string? weightColumn = null
    )
    {
        var inputs = new List<double>();
        var targets = new List<float>();
        var weights = new List<float>();
        Stream(
            schema,
            path,
            readTarget,
            reading,
            (chunkInputs, chunkTargets, chunkWeights, _) =>
            {
                inputs.AddRange(chunkInputs);
                targets.AddRange(chunkTargets);
                weights.AddRange(chunkWeights);
            },
            maxRows,
            weightColumn
        );
        return new LabelledData(
            [.. inputs],
            [.. targets],
            weightColumn is null ? null : [.. weights]
        );
    }
}
