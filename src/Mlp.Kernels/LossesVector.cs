using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Mlp.Kernels;

/// <summary>TensorPrimitives versions of <see cref="Losses"/>: the same formulas, vectorized; the scalar methods are their reference.</summary>
public static class LossesVector
{
    private const int ChunkLength = 256;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float SigmoidCrossEntropy(
        ReadOnlySpan<float> logits,
        ReadOnlySpan<float> targets,
        Span<float> logitGradient,
        float scale
    )
    {
        Span<float> softplus = stackalloc float[ChunkLength];
        Span<float> terms = stackalloc float[ChunkLength];
        float total = 0;
        for (int start = 0; start < logits.Length; start += ChunkLength)
        {
            int length = Math.Min(ChunkLength, logits.Length - start);
            var x = logits.Slice(start, length);
            var y = targets.Slice(start, length);
            var l = softplus[..length];
            var t = terms[..length];
            // log(1 + e^−|x|)
            TensorPrimitives.Abs(x, l);
            TensorPrimitives.Negate(l, l);
            TensorPrimitives.Exp(l, l);
            TensorPrimitives.Add(l, 1f, l);
            TensorPrimitives.Log(l, l);
            // max(x, 0) − x·y + log(1 + e^−|x|)
            TensorPrimitives.Max(x, 0f, t);
            TensorPrimitives.Add(t, l, t);
            TensorPrimitives.Multiply(x, y, l);
            TensorPrimitives.Subtract(t, l, t);
            total += TensorPrimitives.Sum(t);
            var gradient = logitGradient.Slice(start, length);
            TensorPrimitives.Sigmoid(x, gradient);
            TensorPrimitives.Subtract(gradient, y, gradient);
            TensorPrimitives.Multiply(gradient, scale, gradient);
        }
        return total;
    }

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
