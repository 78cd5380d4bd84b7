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

    /// <summary>
    /// Sum of the rows' losses; writes scale × ∂loss/∂logits into <paramref name="gradient"/>.
    /// With label <paramref name="smoothing"/> ε, classification's target is (1 − ε) × the
    /// one-hot class + ε / K on every class (binary: y(1 − ε) + ε / 2), applied after the
    /// kernels (<see cref="Smooth"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T Compute<T>(
        TaskKind task,
        ReadOnlySpan<T> logits,
        ReadOnlySpan<T> targets,
        Span<T> gradient,
        int outputCount,
        T scale,
        float smoothing = 0
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T total = task switch
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
        return smoothing > 0 && task != TaskKind.Regression
            ? total
                + Smooth(
                    logits,
                    targets,
                    gradient,
                    outputCount,
                    scale,
                    T.CreateTruncating(smoothing)
                )
            : total;
    }

    /// <summary>
    /// Turns the plain cross-entropy's sum and gradient into the smoothed one's. The smoothed
    /// target is (1 − ε) one-hot + ε u, with u uniform over the K classes, so the loss is
    /// (1 − ε) CE(one-hot) + ε CE(u) = CE(one-hot) + ε (z_label − mean z) per row, and the
    /// gradient p − target moves by ε (one-hot − u). Binary is the two-class case on one logit x:
    /// the target y becomes y(1 − ε) + ε / 2, the loss gains ε x (y − ½) and the gradient ε (y − ½).
    /// Returns what the sum gains.
    /// </summary>
    private static T Smooth<T>(
        ReadOnlySpan<T> logits,
        ReadOnlySpan<T> targets,
        Span<T> gradient,
        int outputCount,
        T scale,
        T smoothing
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T half = T.CreateTruncating(0.5);
        T gain = T.Zero;
        if (outputCount == 1)
        {
            for (int i = 0; i < targets.Length; i++)
            {
                T shift = smoothing * (targets[i] - half);
                gain += shift * logits[i];
                gradient[i] += shift * scale;
            }
            return gain;
        }
        T uniform = smoothing / T.CreateTruncating(outputCount);
        for (int r = 0; r < targets.Length; r++)
        {
            var row = logits.Slice(r * outputCount, outputCount);
            var gradientRow = gradient.Slice(r * outputCount, outputCount);
            int label = int.CreateTruncating(targets[r]);
            T sum = T.Zero;
            for (int j = 0; j < outputCount; j++)
            {
                sum += row[j];
                gradientRow[j] -= uniform * scale;
            }
            gradientRow[label] += smoothing * scale;
            gain += smoothing * row[label] - uniform * sum;
        }
        return gain;
    }

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
        T scale,
        float smoothing = 0
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
                    scale * weights[r],
                    smoothing
                );
        }
        return total;
    }
}
