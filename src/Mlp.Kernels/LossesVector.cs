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
        for (int r = 0; r < targets.Length; r++)
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
        TensorPrimitives.Subtract(outputs, targets, outputGradient);
        float total = TensorPrimitives.SumOfSquares(outputGradient);
        TensorPrimitives.Multiply(outputGradient, 2f * scale, outputGradient);
        return total;
    }
}
