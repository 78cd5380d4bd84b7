using System.Numerics;
using System.Runtime.CompilerServices;
using Mlp.Kernels;

namespace Mlp.Cli.Model;

/// <summary>The task's loss on logits: sigmoid + BCE, softmax + cross-entropy, or squared error.</summary>
internal static class LossFunction
{
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
}
