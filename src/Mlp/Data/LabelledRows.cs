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

    /// <summary>
    /// All the rows (at most <paramref name="maxRows"/>) in memory; a file over the reading's
    /// memory budget as a seeded random sample of as many rows as fit (a warning says so).
    /// </summary>
    public static LabelledData Read(
        Schema schema,
        string path,
        bool readTarget,
        ReadSettings reading,
        int maxRows = int.MaxValue,
        string? weightColumn = null
    )
    {
        long inMemory = Streaming.MemoryBudget.InMemoryPeak(path);
        if (reading.MemoryBudget is long budget && inMemory > budget)
        {
            int keep = (int)
                Math.Clamp(
                    budget / (2L * (schema.InputCount + 2) * sizeof(double)),
                    1000,
                    int.MaxValue / Math.Max(1, schema.InputCount)
                );
            return Sample(
                schema,
                path,
                readTarget,
                reading,
                Math.Min(keep, maxRows),
                weightColumn,
                inMemory,
                budget
            );
        }
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

    /// <summary>
    /// Up to <paramref name="keep"/> rows drawn uniformly from the whole file in one pass
    /// (reservoir sampling, seeded), in file order.
    /// </summary>
    private static LabelledData Sample(
        Schema schema,
        string path,
        bool readTarget,
        ReadSettings reading,
        int keep,
        string? weightColumn,
        long inMemory,
        long budget
    )
    {
        int width = schema.InputCount;
        var inputs = new double[(long)keep * width];
        var targets = new float[keep];
        var weights = new float[weightColumn is null ? 0 : keep];
        var rows = new long[keep];
        var rng = Rng.For(0, RngStream.LargeFileSample);
        long seen = 0;
        int total = Stream(
            schema,
            path,
            readTarget,
            reading,
            (chunkInputs, chunkTargets, chunkWeights, count) =>
            {
                for (int r = 0; r < count; r++, seen++)
                {
                    long slot = seen < keep ? seen : (long)(rng.NextDouble() * (seen + 1));
                    if (slot >= keep)
                    {
                        continue;
                    }
                    int at = (int)slot;
                    chunkInputs.Slice(r * width, width).CopyTo(inputs.AsSpan(at * width, width));
                    targets[at] = chunkTargets[r];
                    if (weights.Length > 0)
                    {
                        weights[at] = chunkWeights[r];
                    }
                    rows[at] = seen;
                }
            },
            weightColumn: weightColumn
        );
        int kept = (int)Math.Min(keep, total);
        var order = Enumerable.Range(0, kept).OrderBy(i => rows[i]).ToArray();
        var sortedInputs = new double[(long)kept * width];
        for (int i = 0; i < kept; i++)
        {
            inputs.AsSpan(order[i] * width, width).CopyTo(sortedInputs.AsSpan(i * width, width));
        }
        if (kept < total)
        {
            reading.Warnings.WriteLine(
                $"mlp: warning: the data (about {Streaming.MemoryBudget.Text(inMemory)} in memory) is over the memory budget ({Streaming.MemoryBudget.Text(budget)}): reading a seeded random sample of {kept} of its {total} rows ({CsvSource.DisplayName(path)})"
            );
        }
        return new LabelledData(
            sortedInputs,
            [.. order.Select(i => targets[i])],
            weightColumn is null ? null : [.. order.Select(i => weights[i])]
        );
    }
}
