using System.Numerics;
using System.Runtime.CompilerServices;
using Mlp.Kernels;

namespace Mlp.Model;

/// <summary>The task's loss on logits: sigmoid + BCE, softmax + cross-entropy, or squared error.</summary>
internal static class LossFunction
{
    /// <summary>The loss's name for a picture's axis and the report.</summary>
    public static string DisplayName(TaskKind task) =>
        task switch
        {
            TaskKind.Binary => "binary cross-entropy",
            TaskKind.Multiclass => "cross-entropy",
            _ => "mean squared error (standardized)",
        };

    /// <summary>Sum of the rows' losses; writes scale × ∂loss/∂logits into <paramref name="gradient"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T Compute<T>(
        TaskKind task,
        ReadOnlySpan<T> logits,
        ReadOnlySpan<T> targets,
        Span<T> gradient,
        int outputCount,
        T scale
    )
        where T : unmanaged, IFloatingPointIeee754<T> =>
        task switch
        {
            TaskKind.Binary => Losses.SigmoidCrossEntropy(logits, targets, gradient, scale),
            TaskKind.Multiclass => Losses.SoftmaxCrossEntropy(
                logits,
                targets,
                gradient,
                outputCount,
                scale
            ),
            _ => Losses.SquaredError(logits, targets, gradient, scale),
        };

    /// <summary>
    /// Σ_r w_r·loss_r; writes scale·w_r·∂loss_r/∂logits, a row at a time (only weighted
    /// training takes this path).
    /// </summary>
    public static T ComputeWeighted<T>(
        TaskKind task,
        ReadOnlySpan<T> logits,
        ReadOnlySpan<T> targets,
        ReadOnlySpan<T> weights,
        Span<T> gradient,
        int outputCount,
        T scale
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T total = T.Zero;
        for (int r = 0; r < targets.Length; r++)
        {
            var row = new Range(r * outputCount, (r + 1) * outputCount);
            total +=
                weights[r]
                * Compute(
                    task,
                    logits[row],
                    targets.Slice(r, 1),
                    gradient[row],
                    outputCount,
                    scale * weights[r]
                );
        }
        return total;
    }
}
