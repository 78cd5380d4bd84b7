using Mlp.Metrics;
using Mlp.Model;

namespace Mlp.Training;

/// <summary>
/// The trained model's metrics on the training rows and, when there are any, on the validation
/// rows (standardized, row-major inputs; target as the trainer holds it), from one forward pass.
/// </summary>
internal static class TrainingScore
{
    public static (MetricSet Training, MetricSet? Validation) Compute(
        MlpModel model,
        float[] inputs,
        float[] target,
        int[] trainRows,
        int[] validationRows,
        float[]? weights
    )
    {
        var outputs = ParallelForward.Run(model, inputs, target.Length);
        // Weights can stay finite yet so large that the outputs overflow: such a model predicts
        // nothing, and is not written.
        int unusable = 0;
        foreach (float output in outputs)
        {
            unusable += float.IsFinite(output) ? 0 : 1;
        }
        if (unusable > 0)
        {
            throw Trainer.DivergedError(
                $": the trained model's outputs are not finite ({unusable} of {outputs.Length})",
                model.Settings
            );
        }
        var targets = (float[])target.Clone();
        model.TargetScaling?.FromStandard(targets, 0);
        return (
            Score(model.Schema, outputs, targets, trainRows, weights),
            validationRows.Length == 0
                ? null
                : Score(model.Schema, outputs, targets, validationRows, weights)
        );
    }

    private static MetricSet Score(
        Schema schema,
        float[] outputs,
        float[] targets,
        int[] rows,
        float[]? weights
    )
    {
        int width = schema.OutputCount;
        var rowOutputs = new float[rows.Length * width];
        var rowTargets = new float[rows.Length];
        var rowWeights = new float[weights is null ? 0 : rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            outputs.AsSpan(rows[i] * width, width).CopyTo(rowOutputs.AsSpan(i * width, width));
            rowTargets[i] = targets[rows[i]];
            if (weights is not null)
            {
                rowWeights[i] = weights[rows[i]];
            }
        }
        return Scoring.Compute(
            schema.Task,
            schema.Classes.Length,
            rowOutputs,
            rowTargets,
            weights: rowWeights
        );
    }
}
