using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mlp.Kernels;

/// <summary>
/// <see cref="Losses.SigmoidCrossEntropy"/> at one vector width, in one pass: e^−|x| is taken
/// once per logit and serves both the loss, max(x, 0) − x·y + log(1 + e^−|x|), and the
/// gradient's σ(x), which is 1 / (1 + e^−|x|) for x ≥ 0 and e^−|x| / (1 + e^−|x|) below, as
/// in the scalar reference.
/// </summary>
internal static class SigmoidCrossEntropyVector<TWidth, TVector>
    where TWidth : struct, IVectorWidth<TVector>
    where TVector : struct
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Compute(
        ReadOnlySpan<float> logits,
        ReadOnlySpan<float> targets,
        Span<float> logitGradient,
        float scale
    )
    {
        int length = logits.Length;
        if (targets.Length < length || logitGradient.Length < length)
        {
            throw new ArgumentException("targets or gradient shorter than the logits");
        }
        ref float xs = ref MemoryMarshal.GetReference(logits);
        ref float ys = ref MemoryMarshal.GetReference(targets);
        ref float gradients = ref MemoryMarshal.GetReference(logitGradient);
        var scales = TWidth.Broadcast(scale);
        var total = TWidth.Zero;
        int i = 0;
        for (; i <= length - TWidth.Count; i += TWidth.Count)
        {
            var x = TWidth.Load(ref Unsafe.Add(ref xs, i));
            var y = TWidth.Load(ref Unsafe.Add(ref ys, i));
            var negative = TWidth.Subtract(TWidth.Zero, x);
            var e = TWidth.Exp(TWidth.WherePositive(x, negative, x));
            var onePlus = TWidth.Add(TWidth.One, e);
            var loss = TWidth.Add(
                TWidth.Subtract(TWidth.WherePositive(x, x, TWidth.Zero), TWidth.Multiply(x, y)),
                TWidth.Log(onePlus)
            );
            total = TWidth.Add(total, loss);
            var sigmoid = TWidth.Divide(TWidth.WherePositive(negative, e, TWidth.One), onePlus);
            TWidth.Store(
                TWidth.Multiply(TWidth.Subtract(sigmoid, y), scales),
                ref Unsafe.Add(ref gradients, i)
            );
        }
        float sum = TWidth.Sum(total);
        if (i < length)
        {
            sum += Losses.SigmoidCrossEntropyScalar(
                logits[i..length],
                targets[i..length],
                logitGradient[i..length],
                scale
            );
        }
        return sum;
    }
}
