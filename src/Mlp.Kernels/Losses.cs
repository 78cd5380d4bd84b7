using System.Numerics;
using System.Runtime.CompilerServices;

namespace Mlp.Kernels;

/// <summary>
/// Output losses fused with their gradients with respect to the logits. Each returns the
/// loss summed over the rows and writes <c>scale</c> × ∂loss/∂logit (pass 1/batchSize for the
/// gradient of the mean loss).
/// </summary>
public static class Losses
{
    /// <summary>
    /// Binary cross-entropy of sigmoid(logit) against targets in {0, 1}, computed from the
    /// logit as max(x, 0) − x·y + log(1 + e^−|x|) so it never overflows. Gradient: σ(x) − y.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T SigmoidCrossEntropy<T>(
        ReadOnlySpan<T> logits,
        ReadOnlySpan<T> targets,
        Span<T> logitGradient,
        T scale
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (FloatPath.Kernels<T>() is { } kernels)
        {
            return T.CreateTruncating(
                kernels.SigmoidCrossEntropy(
                    FloatPath.AsFloat(logits),
                    FloatPath.AsFloat(targets),
                    FloatPath.AsFloat(logitGradient),
                    float.CreateTruncating(scale)
                )
            );
        }
        return SigmoidCrossEntropyScalar(logits, targets, logitGradient, scale);
    }

    /// <summary>The reference of <see cref="SigmoidCrossEntropy"/>.</summary>
    public static T SigmoidCrossEntropyScalar<T>(
        ReadOnlySpan<T> logits,
        ReadOnlySpan<T> targets,
        Span<T> logitGradient,
        T scale
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T total = T.Zero;
        for (int i = 0; i < logits.Length; i++)
        {
            T x = logits[i];
            T y = targets[i];
            total += T.Max(x, T.Zero) - x * y + T.Log(T.One + T.Exp(-T.Abs(x)));
            logitGradient[i] = (Activations.Sigmoid(x) - y) * scale;
        }
        return total;
    }

    /// <summary>
    /// Cross-entropy of softmax(logits) (rows, classCount) against class indices stored as
    /// numbers in <paramref name="targets"/>. Gradient: softmax − one-hot.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T SoftmaxCrossEntropy<T>(
        ReadOnlySpan<T> logits,
        ReadOnlySpan<T> targets,
        Span<T> logitGradient,
        int classCount,
        T scale
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (FloatPath.Kernels<T>() is { } kernels)
        {
            return T.CreateTruncating(
                kernels.SoftmaxCrossEntropy(
                    FloatPath.AsFloat(logits),
                    FloatPath.AsFloat(targets),
                    FloatPath.AsFloat(logitGradient),
                    classCount,
                    float.CreateTruncating(scale)
                )
            );
        }
        return SoftmaxCrossEntropyScalar(logits, targets, logitGradient, classCount, scale);
    }

    /// <summary>The reference of <see cref="SoftmaxCrossEntropy"/>.</summary>
    public static T SoftmaxCrossEntropyScalar<T>(
        ReadOnlySpan<T> logits,
        ReadOnlySpan<T> targets,
        Span<T> logitGradient,
        int classCount,
        T scale
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T total = T.Zero;
        int rows = logits.Length / classCount;
        for (int r = 0; r < rows; r++)
        {
            var row = logits.Slice(r * classCount, classCount);
            var gradientRow = logitGradient.Slice(r * classCount, classCount);
            int label = int.CreateTruncating(targets[r]);
            total += SoftmaxRow(row, gradientRow) - row[label];
            for (int j = 0; j < classCount; j++)
            {
                gradientRow[j] = (gradientRow[j] - (j == label ? T.One : T.Zero)) * scale;
            }
        }
        return total;
    }

    /// <summary>Squared error (o − y)², gradient 2 (o − y).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T SquaredError<T>(
        ReadOnlySpan<T> outputs,
        ReadOnlySpan<T> targets,
        Span<T> outputGradient,
        T scale
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (FloatPath.Kernels<T>() is { } kernels)
        {
            return T.CreateTruncating(
                kernels.SquaredError(
                    FloatPath.AsFloat(outputs),
                    FloatPath.AsFloat(targets),
                    FloatPath.AsFloat(outputGradient),
                    float.CreateTruncating(scale)
                )
            );
        }
        return SquaredErrorScalar(outputs, targets, outputGradient, scale);
    }

    /// <summary>The reference of <see cref="SquaredError"/>.</summary>
    public static T SquaredErrorScalar<T>(
        ReadOnlySpan<T> outputs,
        ReadOnlySpan<T> targets,
        Span<T> outputGradient,
        T scale
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T total = T.Zero;
        T two = T.CreateTruncating(2);
        for (int i = 0; i < outputs.Length; i++)
        {
            T difference = outputs[i] - targets[i];
            total += difference * difference;
            outputGradient[i] = two * difference * scale;
        }
        return total;
    }

    /// <summary>Softmax of each row of <paramref name="logits"/> (rows, classCount) into <paramref name="probabilities"/>.</summary>
    public static void Softmax<T>(ReadOnlySpan<T> logits, Span<T> probabilities, int classCount)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = classCount == 0 ? 0 : logits.Length / classCount;
        for (int r = 0; r < rows; r++)
        {
            SoftmaxRow(
                logits.Slice(r * classCount, classCount),
                probabilities.Slice(r * classCount, classCount)
            );
        }
    }

    /// <summary>Writes softmax(row) and returns log Σ e^row (the max is subtracted before exponentiating).</summary>
    private static T SoftmaxRow<T>(ReadOnlySpan<T> row, Span<T> probabilities)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T max = row[0];
        for (int j = 1; j < row.Length; j++)
        {
            max = T.Max(max, row[j]);
        }
        T sum = T.Zero;
        for (int j = 0; j < row.Length; j++)
        {
            probabilities[j] = T.Exp(row[j] - max);
            sum += probabilities[j];
        }
        T inverseSum = T.One / sum;
        for (int j = 0; j < row.Length; j++)
        {
            probabilities[j] *= inverseSum;
        }
        return T.Log(sum) + max;
    }
}
