using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mlp.Kernels;

/// <summary>Vector&lt;float&gt; versions of <see cref="Optimizers"/>, one pass over a tensor; the scalar methods are their reference.</summary>
public static class OptimizersVector
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sgd(
        Span<float> parameters,
        ReadOnlySpan<float> gradients,
        float learningRate,
        float l2
    )
    {
        ref float w = ref MemoryMarshal.GetReference(parameters);
        ref float g = ref MemoryMarshal.GetReference(gradients);
        var lr = new Vector<float>(learningRate);
        var decay = new Vector<float>(l2);
        int i = 0;
        for (; i <= parameters.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            var wv = Vector.LoadUnsafe(ref w, (nuint)i);
            (wv - lr * (Vector.LoadUnsafe(ref g, (nuint)i) + decay * wv)).StoreUnsafe(
                ref w,
                (nuint)i
            );
        }
        for (; i < parameters.Length; i++)
        {
            Unsafe.Add(ref w, i) -=
                learningRate * (Unsafe.Add(ref g, i) + l2 * Unsafe.Add(ref w, i));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Momentum(
        Span<float> parameters,
        ReadOnlySpan<float> gradients,
        Span<float> velocity,
        float learningRate,
        float momentum,
        float l2
    )
    {
        ref float w = ref MemoryMarshal.GetReference(parameters);
        ref float g = ref MemoryMarshal.GetReference(gradients);
        ref float v = ref MemoryMarshal.GetReference(velocity);
        var lr = new Vector<float>(learningRate);
        var mu = new Vector<float>(momentum);
        var decay = new Vector<float>(l2);
        int i = 0;
        for (; i <= parameters.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            var wv = Vector.LoadUnsafe(ref w, (nuint)i);
            var vv =
                mu * Vector.LoadUnsafe(ref v, (nuint)i)
                + (Vector.LoadUnsafe(ref g, (nuint)i) + decay * wv);
            vv.StoreUnsafe(ref v, (nuint)i);
            (wv - lr * vv).StoreUnsafe(ref w, (nuint)i);
        }
        for (; i < parameters.Length; i++)
        {
            float gi = Unsafe.Add(ref g, i) + l2 * Unsafe.Add(ref w, i);
            float vi = momentum * Unsafe.Add(ref v, i) + gi;
            Unsafe.Add(ref v, i) = vi;
            Unsafe.Add(ref w, i) -= learningRate * vi;
        }
    }

    /// <summary>Adam/AdamW; the same arithmetic, in the same order, as <see cref="Optimizers.Adam{T}"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Adam(
        Span<float> parameters,
        ReadOnlySpan<float> gradients,
        Span<float> firstMoment,
        Span<float> secondMoment,
        in AdamSettings<float> settings,
        long step
    )
    {
        if (parameters.Length >= AdamJob.ParallelLength && WorkerPool.Threads > 1)
        {
            AdamJob.Run(parameters, gradients, firstMoment, secondMoment, settings, step);
            return;
        }
        AdamRange(parameters, gradients, firstMoment, secondMoment, settings, step);
    }

    /// <summary>The Adam update of one contiguous range; each element depends only on itself.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void AdamRange(
        Span<float> parameters,
        ReadOnlySpan<float> gradients,
        Span<float> firstMoment,
        Span<float> secondMoment,
        in AdamSettings<float> settings,
        long step
    )
    {
        float beta1 = settings.Beta1,
            beta2 = settings.Beta2;
        float firstCorrection = 1f - MathF.Pow(beta1, step);
        float sqrtSecondCorrection = MathF.Sqrt(1f - MathF.Pow(beta2, step));
        float stepSize = settings.LearningRate / firstCorrection;
        float shrink = 1f - settings.LearningRate * settings.DecoupledDecay;
        ref float w = ref MemoryMarshal.GetReference(parameters);
        ref float g = ref MemoryMarshal.GetReference(gradients);
        ref float m = ref MemoryMarshal.GetReference(firstMoment);
        ref float v = ref MemoryMarshal.GetReference(secondMoment);
        var b1 = new Vector<float>(beta1);
        var b2 = new Vector<float>(beta2);
        var oneMinusB1 = new Vector<float>(1f - beta1);
        var oneMinusB2 = new Vector<float>(1f - beta2);
        var l2 = new Vector<float>(settings.L2);
        var shrinkV = new Vector<float>(shrink);
        var stepV = new Vector<float>(stepSize);
        var correction = new Vector<float>(sqrtSecondCorrection);
        var epsilon = new Vector<float>(settings.Epsilon);
        int i = 0;
        for (; i <= parameters.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            var wv = Vector.LoadUnsafe(ref w, (nuint)i);
            var gv = Vector.LoadUnsafe(ref g, (nuint)i) + l2 * wv;
            var mv = b1 * Vector.LoadUnsafe(ref m, (nuint)i) + oneMinusB1 * gv;
            var vv = b2 * Vector.LoadUnsafe(ref v, (nuint)i) + oneMinusB2 * gv * gv;
            mv.StoreUnsafe(ref m, (nuint)i);
            vv.StoreUnsafe(ref v, (nuint)i);
            (
                wv * shrinkV - stepV * mv / (Vector.SquareRoot(vv) / correction + epsilon)
            ).StoreUnsafe(ref w, (nuint)i);
        }
        for (; i < parameters.Length; i++)
        {
            float wi = Unsafe.Add(ref w, i);
            float gi = Unsafe.Add(ref g, i) + settings.L2 * wi;
            float mi = beta1 * Unsafe.Add(ref m, i) + (1f - beta1) * gi;
            float vi = beta2 * Unsafe.Add(ref v, i) + (1f - beta2) * gi * gi;
            Unsafe.Add(ref m, i) = mi;
            Unsafe.Add(ref v, i) = vi;
            Unsafe.Add(ref w, i) =
                wi * shrink
                - stepSize * mi / (MathF.Sqrt(vi) / sqrtSecondCorrection + settings.Epsilon);
        }
    }
}
