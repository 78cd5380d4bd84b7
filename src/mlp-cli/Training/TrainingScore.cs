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
        int width = network.OutputCount;
        var workspace = new Workspace<float>(network, Math.Min(ChunkRows, data.Rows));
        var outputs = new float[data.Rows * width];
        var rows = Enumerable.Range(0, data.Rows).ToArray();
        new RowPass(network, workspace).Run(
            data.Columns,
            data.Target,
            rows,
            (logits, _, start) =>
                OutputHead.Apply(
                    schema.Task,
                    model.TargetScaling,
                    logits,
                    outputs.AsSpan(start * width),
                    width
                )
        );
        var targets = (float[])data.Target.Clone();
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
