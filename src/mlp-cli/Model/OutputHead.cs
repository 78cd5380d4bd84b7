using Mlp.Kernels;

namespace Mlp.Cli.Model;

/// <summary>Turns logits into the model's outputs: probabilities, or values in the target's units.</summary>
internal static class OutputHead
{
    /// <summary>Outputs per row: classes for multiclass, otherwise 1.</summary>
    public static void Apply(
        TaskKind task,
        Scaling? targetScaling,
        ReadOnlySpan<float> logits,
        Span<float> outputs,
        int outputCount
    )
    {
        switch (task)
        {
            case TaskKind.Binary:
                for (int i = 0; i < logits.Length; i++)
                {
                    outputs[i] = Activations.Sigmoid(logits[i]);
                }
                break;
            case TaskKind.Multiclass:
                Losses.Softmax(logits, outputs, outputCount);
                break;
            default:
                float mean = targetScaling?.Mean[0] ?? 0f;
                float std = targetScaling?.Std[0] ?? 1f;
                for (int i = 0; i < logits.Length; i++)
                {
                    outputs[i] = logits[i] * std + mean;
                }
                break;
        }
    }
}
