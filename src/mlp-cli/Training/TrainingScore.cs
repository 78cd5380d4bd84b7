using Mlp.Cli.Metrics;
using Mlp.Cli.Model;

namespace Mlp.Cli.Training;

/// <summary>The trained model's metrics on its training data (standardized, row-major inputs; target as the trainer holds it).</summary>
internal static class TrainingScore
{
    public static MetricSet Compute(MlpModel model, float[] inputs, float[] target)
    {
        var schema = model.Schema;
        var outputs = ParallelForward.Run(model, inputs, target.Length);
        var targets = (float[])target.Clone();
        model.TargetScaling?.FromStandard(targets, 0);
        return Scoring.Compute(schema.Task, schema.Classes.Length, outputs, targets);
    }
}
