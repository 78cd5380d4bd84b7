using Mlp.Kernels;

namespace Mlp.Model;

/// <summary>Turns logits into the model's outputs: probabilities, or values in the target's units.</summary>
internal static class OutputHead
{
    /// <summary>Outputs per row: classes for multiclass, otherwise 1.</summary>
    public static void Apply(
        TaskKind task,
        Standardization? targetScaling,
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
                for (int i = 0; i < logits.Length; i++)
                {
                    outputs[i] = targetScaling is null
                        ? logits[i]
                        : (float)targetScaling.FromStandard(logits[i], 0);
                }
                break;
        }
    }
}
