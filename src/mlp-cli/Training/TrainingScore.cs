using Mlp.Cli.Data;
using Mlp.Cli.Metrics;
using Mlp.Cli.Model;

namespace Mlp.Cli.Training;

/// <summary>The trained model's metrics on its training data (already standardized in place by the trainer).</summary>
internal static class TrainingScore
{
    private const int ChunkRows = 1024;

    public static MetricSet Compute(MlpModel model, Dataset data)
    {
        var network = model.Network;
        var schema = model.Schema;
        int chunk = Math.Min(ChunkRows, data.Rows);
        var workspace = new Workspace<float>(network, chunk);
        var inputs = new float[chunk * network.InputCount];
        var outputs = new float[data.Rows * network.OutputCount];
        var targets = (float[])data.Target.Clone();
        var rows = new int[chunk];
        for (int start = 0; start < data.Rows; start += chunk)
        {
            int count = Math.Min(chunk, data.Rows - start);
            for (int i = 0; i < count; i++)
            {
                rows[i] = start + i;
            }
            BatchGather.Rows(data.Columns, rows.AsSpan(0, count), inputs);
            var logits = network.Forward(
                inputs.AsSpan(0, count * network.InputCount),
                count,
                workspace
            );
            OutputHead.Apply(
                schema.Task,
                model.TargetScaling,
                logits,
                outputs.AsSpan(start * network.OutputCount),
                network.OutputCount
            );
        }
        if (model.TargetScaling is { } scaling)
        {
            for (int i = 0; i < targets.Length; i++)
            {
                targets[i] = targets[i] * scaling.Std[0] + scaling.Mean[0];
            }
        }
        return Scoring.Compute(schema.Task, schema.Classes.Length, outputs, targets);
    }
}
