using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mlp.Kernels;

/// <summary>
/// Vectorized float versions of <see cref="Optimizers"/>, one pass over a tensor, written once
/// over the vector width; the scalar methods (<see cref="Optimizers.SgdScalar"/>,
/// <see cref="Optimizers.MomentumScalar"/>, <see cref="Optimizers.AdamScalar"/>) are their reference,
/// with the same arithmetic in the same order (no fused multiply-adds).
/// </summary>
public static class OptimizersVector<TWidth, TVector>
    where TWidth : struct, IVectorWidth<TVector>
    where TVector : struct
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
        var lr = TWidth.Broadcast(learningRate);
        var decay = TWidth.Broadcast(l2);
        int i = 0;
        for (; i <= parameters.Length - TWidth.Count; i += TWidth.Count)
        {
            var wv = TWidth.Load(ref Unsafe.Add(ref w, i));
            var gv = TWidth.Add(TWidth.Load(ref Unsafe.Add(ref g, i)), TWidth.Multiply(decay, wv));
            TWidth.Store(TWidth.Subtract(wv, TWidth.Multiply(lr, gv)), ref Unsafe.Add(ref w, i));
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
        var lr = TWidth.Broadcast(learningRate);
        var mu = TWidth.Broadcast(momentum);
        var decay = TWidth.Broadcast(l2);
        int i = 0;
        for (; i <= parameters.Length - TWidth.Count; i += TWidth.Count)
        {
            var wv = TWidth.Load(ref Unsafe.Add(ref w, i));
            var gv = TWidth.Add(TWidth.Load(ref Unsafe.Add(ref g, i)), TWidth.Multiply(decay, wv));
            var vv = TWidth.Add(TWidth.Multiply(mu, TWidth.Load(ref Unsafe.Add(ref v, i))), gv);
            TWidth.Store(vv, ref Unsafe.Add(ref v, i));
            TWidth.Store(TWidth.Subtract(wv, TWidth.Multiply(lr, vv)), ref Unsafe.Add(ref w, i));
        }
        for (; i < parameters.Length; i++)
        {
            float gi = Unsafe.Add(ref g, i) + l2 * Unsafe.Add(ref w, i);
            float vi = momentum * Unsafe.Add(ref v, i) + gi;
            Unsafe.Add(ref v, i) = vi;
            Unsafe.Add(ref w, i) -= learningRate * vi;
        }
    }

    /// <summary>Adam/AdamW; large tensors are split into ranges across the worker pool.</summary>
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
            AdamJob<TWidth, TVector>.Run(
                parameters,
                gradients,
                firstMoment,
                secondMoment,
                settings,
                step
            );
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
        var b1 = TWidth.Broadcast(beta1);
        var b2 = TWidth.Broadcast(beta2);
        var oneMinusB1 = TWidth.Broadcast(1f - beta1);
        var oneMinusB2 = TWidth.Broadcast(1f - beta2);
        var l2 = TWidth.Broadcast(settings.L2);
        var shrinkV = TWidth.Broadcast(shrink);
        var stepV = TWidth.Broadcast(stepSize);
        var correction = TWidth.Broadcast(sqrtSecondCorrection);
        var epsilon = TWidth.Broadcast(settings.Epsilon);
        int i = 0;
        for (; i <= parameters.Length - TWidth.Count; i += TWidth.Count)
        {
            var wv = TWidth.Load(ref Unsafe.Add(ref w, i));
            var gv = TWidth.Add(TWidth.Load(ref Unsafe.Add(ref g, i)), TWidth.Multiply(l2, wv));
            var mv = TWidth.Add(
                TWidth.Multiply(b1, TWidth.Load(ref Unsafe.Add(ref m, i))),
                TWidth.Multiply(oneMinusB1, gv)
            );
            var vv = TWidth.Add(
                TWidth.Multiply(b2, TWidth.Load(ref Unsafe.Add(ref v, i))),
                TWidth.Multiply(TWidth.Multiply(oneMinusB2, gv), gv)
            );
            TWidth.Store(mv, ref Unsafe.Add(ref m, i));
            TWidth.Store(vv, ref Unsafe.Add(ref v, i));
            var denominator = TWidth.Add(TWidth.Divide(TWidth.SquareRoot(vv), correction), epsilon);
            TWidth.Store(
                TWidth.Subtract(
                    TWidth.Multiply(wv, shrinkV),
                    TWidth.Divide(TWidth.Multiply(stepV, mv), denominator)
                ),
                ref Unsafe.Add(ref w, i)
            );
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
