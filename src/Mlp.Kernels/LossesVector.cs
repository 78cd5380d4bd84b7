using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Mlp.Kernels;

/// <summary>TensorPrimitives versions of <see cref="Losses"/>' softmax and squared error: the same formulas, vectorized; the scalar methods are their reference.</summary>
public static class LossesVector
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float SoftmaxCrossEntropy(
        ReadOnlySpan<float> logits,
        ReadOnlySpan<float> targets,
        Span<float> logitGradient,
        int classCount,
        float scale
    )
    {
        float total = 0;
        int rows = logits.Length / classCount;
        for (int r = 0; r < rows; r++)
        {
            var row = logits.Slice(r * classCount, classCount);
            var gradient = logitGradient.Slice(r * classCount, classCount);
            float max = TensorPrimitives.Max(row);
            TensorPrimitives.Subtract(row, max, gradient);
            TensorPrimitives.Exp(gradient, gradient);
            float sum = TensorPrimitives.Sum(gradient);
            int label = (int)targets[r];
            total += MathF.Log(sum) + max - row[label];
            TensorPrimitives.Multiply(gradient, scale / sum, gradient);
            gradient[label] -= scale;
        }
        return total;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float SquaredError(
        ReadOnlySpan<float> outputs,
        ReadOnlySpan<float> targets,
        Span<float> outputGradient,
        float scale
    )
    {
        // Only the outputs' own length: a caller's gradient buffer may be longer (a chunk's
        // capacity), and its tail must neither be summed nor written.
        var gradient = outputGradient[..outputs.Length];
        TensorPrimitives.Subtract(outputs, targets[..outputs.Length], gradient);
        float total = TensorPrimitives.SumOfSquares(gradient);
        TensorPrimitives.Multiply(gradient, 2f * scale, gradient);
        return total;
    }
}
