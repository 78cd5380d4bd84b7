using Mlp.Cli.Model;

namespace Mlp.Cli.Data;

/// <summary>
/// The rows of a CSV matched to a schema's features (and its target when asked): streamed a
/// chunk at a time, or all in memory. A file with a header and no rows is an error.
/// </summary>
internal static class LabelledRows
{
    public const int ChunkRows = 1024;

    /// <summary>A chunk of rows: inputs (rows, InputCount) in their units, targets (zeros without the target), the row count.</summary>
    public delegate void Chunk(ReadOnlySpan<double> inputs, ReadOnlySpan<float> targets, int rows);

    /// <summary>Reads the rows, at most <paramref name="maxRows"/>, a chunk at a time; returns how many there were.</summary>
    public static int Stream(
        Schema schema,
        string path,
        bool readTarget,
        CliContext context,
        Chunk chunk,
        int maxRows = int.MaxValue
    )
    {
        using var reader = new FeatureReader(
            path,
            schema,
            readTarget,
            context.Error,
            context.StandardInput
        );
        int width = schema.InputCount;
        var chunkInputs = new double[ChunkRows * width];
        var chunkTargets = new float[ChunkRows];
        int total = 0,
            count;
        while (
            total < maxRows
            && (
                count = reader.Read(chunkInputs, chunkTargets, Math.Min(ChunkRows, maxRows - total))
            ) > 0
        )
        {
            context.Cancel.ThrowIfCancellationRequested();
            chunk(chunkInputs.AsSpan(0, count * width), chunkTargets.AsSpan(0, count), count);
            total += count;
        }
        return total > 0 ? total : throw CsvSource.NoDataRows(reader.File);
    }

    /// <summary>All the rows (at most <paramref name="maxRows"/>) in memory.</summary>
    public static (double[] Inputs, float[] Targets) Read(
        Schema schema,
        string path,
        bool readTarget,
        CliContext context,
        int maxRows = int.MaxValue
    )
    {
        var inputs = new List<double>();
        var targets = new List<float>();
        Stream(
            schema,
            path,
            readTarget,
            context,
            (chunkInputs, chunkTargets, _) =>
            {
                inputs.AddRange(chunkInputs);
                targets.AddRange(chunkTargets);
            },
            maxRows
        );
        return ([.. inputs], [.. targets]);
    }
}
