using Mlp.Cli.Model;

namespace Mlp.Cli.Data;

/// <summary>All rows of a CSV matched to a schema's features (and its target when asked), in memory.</summary>
internal static class LabelledRows
{
    private const int ChunkRows = 1024;

    public static (double[] Inputs, float[] Targets) Read(
        Schema schema,
        string path,
        bool readTarget,
        CliContext context
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
        var inputs = new List<double>();
        var targets = new List<float>();
        var chunkInputs = new double[ChunkRows * width];
        var chunkTargets = new float[ChunkRows];
        int count;
        while ((count = reader.Read(chunkInputs, chunkTargets, ChunkRows)) > 0)
        {
            context.Cancel.ThrowIfCancellationRequested();
            inputs.AddRange(chunkInputs.AsSpan(0, count * width));
            targets.AddRange(chunkTargets.AsSpan(0, count));
        }
        if (targets.Count == 0)
        {
            throw new MlpException(
                "the file has a header but no data rows",
                new ErrorPlace(reader.File, 1)
            );
        }
        return (inputs.ToArray(), targets.ToArray());
    }
}
