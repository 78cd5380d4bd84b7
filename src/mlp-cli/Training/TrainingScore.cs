using Mlp.Cli.Metrics;
using Mlp.Cli.Model;

namespace Mlp.Cli.Training;

/// <summary>The trained model's metrics on its training data (standardized, row-major inputs; target as the trainer holds it).</summary>
internal static class TrainingScore
{
    private const int ChunkRows = 1024;

    public static MetricSet Compute(MlpModel model, float[] inputs, float[] target)
    {
        var network = model.Network;
        var schema = model.Schema;
        int width = network.OutputCount;
        int rowCount = target.Length;
        var workspace = new Workspace<float>(network, Math.Min(ChunkRows, rowCount));
        var outputs = new float[rowCount * width];
        var rows = Enumerable.Range(0, rowCount).ToArray();
        new RowPass(network, workspace).Run(
            inputs,
            target,
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
        var targets = (float[])target.Clone();
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
